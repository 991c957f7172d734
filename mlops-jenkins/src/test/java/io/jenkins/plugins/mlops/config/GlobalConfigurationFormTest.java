package io.jenkins.plugins.mlops.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.cloudbees.plugins.credentials.TestCredentials;
import hudson.security.TestPermissions;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.mlopsbridge.http.RefusingLoopbackPort;
import io.mlopsbridge.kfp.fake.FakeKfpServer;
import io.mlopsbridge.mlflow.BasicAuth;
import io.mlopsbridge.mlflow.MlflowServer;
import io.mlopsbridge.mlflow.MlflowServerExtension;
import io.mlopsbridge.mlflow.TrainingRuns;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;
import jenkins.model.Jenkins;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.kohsuke.stapler.verb.POST;

/**
 * The global configuration page's form methods: URL checks, credential pickers and "Test connection" against the
 * real MLflow server, the KFP fake and a port nobody listens on; and who may call them.
 */
@ExtendWith(MlflowServerExtension.class)
class GlobalConfigurationFormTest {
    @RegisterExtension
    final FakeKfpServer kfp = new FakeKfpServer();

    private final MlflowServer mlflow;
    private final MlopsConfiguration config = new MlopsConfiguration();

    GlobalConfigurationFormTest(MlflowServer mlflow) {
        this.mlflow = mlflow;
    }

    @BeforeEach
    void anAdministratorWithCredentials() {
        TestCredentials.clear();
        TestPermissions.grant(Jenkins.ADMINISTER);
        TestCredentials.secretText("kfp-token", "kfp-Secret-7c1e");
        TestCredentials.usernamePassword("mlflow-ci", "jenkins", "mlflow-Secret-91ab");
    }

    @AfterEach
    void nobody() {
        TestPermissions.none();
        TestCredentials.clear();
    }

    @Test
    void mlflowTestConnectionReportsTheServersVersion() {
        FormValidation verdict = config.doTestMlflowConnection(mlflow.trackingUri(), "");

        assertThat(verdict.kind).isEqualTo(FormValidation.Kind.OK);
        assertThat(verdict.getMessage()).isEqualTo("Connected to MLflow " + mlflow.client().serverVersion()
                + " at " + mlflow.trackingUri());
        assertThat(mlflow.client().serverVersion()).startsWith("3.");
    }

    @Test
    void mlflowTestConnectionUsesTheChosenCredentialAndNeverShowsItsPassword(@BasicAuth MlflowServer authServer) {
        String user = "jenkins-" + TrainingRuns.shortId();
        String password = "Conn-" + TrainingRuns.shortId() + "-pa55word";
        authServer.createUser(user, password);
        TestCredentials.usernamePassword("mlflow-auth", user, password);

        FormValidation withCredential = config.doTestMlflowConnection(authServer.trackingUri(), "mlflow-auth");
        TestCredentials.usernamePassword("mlflow-auth", user, "wrong-" + password);
        FormValidation wrongPassword = config.doTestMlflowConnection(authServer.trackingUri(), "mlflow-auth");

        assertThat(withCredential.kind).isEqualTo(FormValidation.Kind.OK);
        assertThat(wrongPassword.kind).isEqualTo(FormValidation.Kind.ERROR);
        assertThat(wrongPassword.getMessage()).contains("401").doesNotContain(password).doesNotContain("\n");
    }

    @Test
    void mlflowTestConnectionToAPortNobodyListensOnIsOneErrorLineNamingTheAddress() {
        FormValidation verdict;
        try (RefusingLoopbackPort refusing = RefusingLoopbackPort.open()) {
            verdict = config.doTestMlflowConnection(refusing.url(), "mlflow-ci");
        }

        assertThat(verdict.kind).isEqualTo(FormValidation.Kind.ERROR);
        assertThat(verdict.getMessage()).contains("127.0.0.1").doesNotContain("\n")
                .doesNotContain("mlflow-Secret-91ab");
    }

    @Test
    void aMissingCredentialIsNamedWithTheSettingItBelongsTo() {
        FormValidation verdict = config.doTestMlflowConnection(mlflow.trackingUri(), "no-such-id");

        assertThat(verdict.kind).isEqualTo(FormValidation.Kind.ERROR);
        assertThat(verdict.getMessage())
                .startsWith("mlflowCredentialsId: no credential 'no-such-id' in Jenkins' global credentials");
    }

    @Test
    void kubeflowTestConnectionSendsTheTokenAndReportsTheServersMode() {
        kfp.requireToken("kfp-Secret-7c1e").multiUser(true);

        FormValidation verdict = config.doTestKubeflowConnection(kfp.url(), "kfp-token", "team-a");

        assertThat(verdict.kind).isEqualTo(FormValidation.Kind.OK);
        assertThat(verdict.getMessage()).startsWith("Connected to Kubeflow Pipelines at " + kfp.url())
                .contains("multi-user");
        assertThat(kfp.calls()).extracting(FakeKfpServer.Call::authorization).contains("Bearer kfp-Secret-7c1e");
    }

    @Test
    void kubeflowTestConnectionNamesTheServerWithoutTheTokenInItsUrl() {
        FormValidation verdict = config.doTestKubeflowConnection(kfp.url() + "/#access_token=KfpQ888", "", "");

        assertThat(verdict.kind).isEqualTo(FormValidation.Kind.OK);
        assertThat(verdict.getMessage()).startsWith("Connected to Kubeflow Pipelines at " + kfp.url() + "/ (")
                .doesNotContain("KfpQ888");
    }

    @Test
    void kubeflowTestConnectionWithoutTheTokenIsRefusedWithoutShowingIt() {
        kfp.requireToken("kfp-Secret-7c1e");

        FormValidation verdict = config.doTestKubeflowConnection(kfp.url(), "", "");

        assertThat(verdict.kind).isEqualTo(FormValidation.Kind.ERROR);
        assertThat(verdict.getMessage()).doesNotContain("\n").doesNotContain("kfp-Secret-7c1e");
    }

    @Test
    void kubeflowTestConnectionToAPortNobodyListensOnIsAnError() {
        FormValidation verdict;
        try (RefusingLoopbackPort refusing = RefusingLoopbackPort.open()) {
            verdict = config.doTestKubeflowConnection(refusing.url(), "kfp-token", "");
        }

        assertThat(verdict.kind).isEqualTo(FormValidation.Kind.ERROR);
        assertThat(verdict.getMessage()).contains("127.0.0.1").doesNotContain("kfp-Secret-7c1e");
    }

    @Test
    void urlChecksRefuseOtherSchemesAndUserInfoAndWarnAboutPlainHttpToAnotherHost() {
        assertThat(config.doCheckMlflowUrl("ftp://mlflow.example.com").kind).isEqualTo(FormValidation.Kind.ERROR);
        assertThat(config.doCheckKubeflowUrl("https://ci:pw@kfp.example.com").kind)
                .isEqualTo(FormValidation.Kind.ERROR);
        assertThat(config.doCheckKubernetesServerUrl("http://k8s.example.com:6443").kind)
                .isEqualTo(FormValidation.Kind.WARNING);
        assertThat(config.doCheckMlflowUrl("https://mlflow.example.com").kind).isEqualTo(FormValidation.Kind.OK);
        assertThat(config.doCheckMlflowUrl("http://127.0.0.1:5000").kind).isEqualTo(FormValidation.Kind.OK);
    }

    @Test
    void credentialPickersOfferOnlyTheKindsEachSettingAccepts() {
        TestCredentials.secretFile("kubeconfig", "apiVersion: v1");

        assertThat(values(config.doFillMlflowCredentialsIdItems(""))).containsExactlyInAnyOrder("", "kfp-token",
                "mlflow-ci");
        assertThat(values(config.doFillKubeconfigCredentialsIdItems(""))).containsExactly("", "kubeconfig");
        assertThat(values(config.doFillKubernetesCredentialsIdItems(""))).containsExactly("", "kfp-token");
    }

    @Test
    void withoutAdministerTheTestConnectionContactsNothingAndThePickerListsNothing() {
        TestPermissions.none();
        kfp.requireToken("kfp-Secret-7c1e");

        FormValidation verdict = config.doTestKubeflowConnection(kfp.url(), "kfp-token", "");
        ListBoxModel picker = config.doFillMlflowCredentialsIdItems("mlflow-ci");

        assertThat(verdict.kind).isEqualTo(FormValidation.Kind.ERROR);
        assertThat(verdict.getMessage()).contains("Overall/Administer");
        assertThat(kfp.calls()).isEmpty();
        assertThat(values(picker)).containsExactly("mlflow-ci");
        assertThat(config.doTestMlflowConnection(mlflow.trackingUri(), "").kind)
                .isEqualTo(FormValidation.Kind.ERROR);
    }

    @Test
    void everyFormMethodAnswersOnlyAPost() {
        List<Method> formMethods = Arrays.stream(MlopsConfiguration.class.getDeclaredMethods())
                .filter(m -> m.getName().startsWith("do")).toList();

        assertThat(formMethods).hasSizeGreaterThanOrEqualTo(10);
        assertThat(formMethods).allSatisfy(m -> assertThat(m.isAnnotationPresent(POST.class))
                .as(m.getName() + " has @POST").isTrue());
    }

    private static List<String> values(ListBoxModel model) {
        return model.stream().map(o -> o.value).toList();
    }
}
