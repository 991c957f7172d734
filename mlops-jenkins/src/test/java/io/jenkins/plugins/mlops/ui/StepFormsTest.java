package io.jenkins.plugins.mlops.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.cloudbees.plugins.credentials.TestCredentials;
import hudson.security.TestPermissions;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.mlops.deploy.DeployModelStep;
import io.jenkins.plugins.mlops.drift.CheckDriftStep;
import io.jenkins.plugins.mlops.register.RegisterModelBuilder;
import io.jenkins.plugins.mlops.register.RegisterModelStep;
import io.jenkins.plugins.mlops.train.TrainModelBuilder;
import io.jenkins.plugins.mlops.train.TrainModelStep;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import jenkins.model.Jenkins;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.kohsuke.stapler.verb.POST;

/**
 * The form methods of the trainModel, deployModel, checkDrift and registerModel forms (Snippet Generator and
 * Freestyle job page, with the fields the Freestyle build steps add): the verdicts of their number checks, the
 * closed sets of their dropdowns, who sees their credential pickers, and that each method that lists credentials or
 * validates input answers only a POST.
 */
class StepFormsTest {
    private final DeployModelStep.DescriptorImpl deploy = new DeployModelStep.DescriptorImpl();
    private final CheckDriftStep.DescriptorImpl drift = new CheckDriftStep.DescriptorImpl();
    private final TrainModelStep.DescriptorImpl train = new TrainModelStep.DescriptorImpl();
    private final RegisterModelStep.DescriptorImpl register = new RegisterModelStep.DescriptorImpl();
    private final RegisterModelBuilder.DescriptorImpl registerBuilder = new RegisterModelBuilder.DescriptorImpl();
    private final TrainModelBuilder.DescriptorImpl trainBuilder = new TrainModelBuilder.DescriptorImpl();

    @BeforeEach
    void anAdministratorWithCredentials() {
        TestCredentials.clear();
        TestPermissions.grant(Jenkins.ADMINISTER);
        TestCredentials.secretText("k8s-token", "k8s-Secret-4d2a");
        TestCredentials.secretFile("kubeconfig-prod", "apiVersion: v1");
        TestCredentials.usernamePassword("mlflow-ci", "jenkins", "mlflow-Secret-91ab");
    }

    @AfterEach
    void nobody() {
        TestPermissions.none();
        TestCredentials.clear();
    }

    @Test
    void canaryIsAWholePercentageFromOneToNinetyNine() {
        assertThat(deploy.doCheckCanary("1").kind).isEqualTo(FormValidation.Kind.OK);
        assertThat(deploy.doCheckCanary("99").kind).isEqualTo(FormValidation.Kind.OK);
        assertThat(deploy.doCheckCanary("").kind).as("empty: a full rollout").isEqualTo(FormValidation.Kind.OK);
        assertThat(deploy.doCheckCanary("0").kind).isEqualTo(FormValidation.Kind.ERROR);
        assertThat(deploy.doCheckCanary("100").getMessage()).isEqualTo("canary must be from 1 to 99, got 100");
        assertThat(deploy.doCheckCanary("10%").getMessage()).isEqualTo("canary must be a whole number, got '10%'");
    }

    @Test
    void replicasIsAtLeastOne() {
        assertThat(deploy.doCheckReplicas("3").kind).isEqualTo(FormValidation.Kind.OK);
        assertThat(deploy.doCheckReplicas("0").kind).isEqualTo(FormValidation.Kind.ERROR);
    }

    @Test
    void maxBadRowsIsAWholeNumberFromZero() {
        assertThat(drift.doCheckMaxBadRows("0").kind).isEqualTo(FormValidation.Kind.OK);
        assertThat(drift.doCheckMaxBadRows("").kind).as("empty: the default, 100").isEqualTo(FormValidation.Kind.OK);
        assertThat(drift.doCheckMaxBadRows("-1").kind).isEqualTo(FormValidation.Kind.ERROR);
        assertThat(drift.doCheckMaxBadRows("a few").kind).isEqualTo(FormValidation.Kind.ERROR);
    }

    @Test
    void driftThresholdIsAPositiveNumber() {
        assertThat(drift.doCheckThreshold("0.05").kind).isEqualTo(FormValidation.Kind.OK);
        assertThat(drift.doCheckThreshold("").kind).as("empty: the method's own").isEqualTo(FormValidation.Kind.OK);
        assertThat(drift.doCheckThreshold("0").kind).isEqualTo(FormValidation.Kind.ERROR);
        assertThat(drift.doCheckThreshold("-0.1").kind).isEqualTo(FormValidation.Kind.ERROR);
        assertThat(drift.doCheckThreshold("NaN").kind).isEqualTo(FormValidation.Kind.ERROR);
        assertThat(drift.doCheckThreshold("five percent").getMessage())
                .isEqualTo("threshold must be a number such as 0.1, got 'five percent'");
    }

    @Test
    void driftShareIsAShareAboveZeroAndAtMostOne() {
        assertThat(drift.doCheckDriftShare("0.3").kind).isEqualTo(FormValidation.Kind.OK);
        assertThat(drift.doCheckDriftShare("1").kind).isEqualTo(FormValidation.Kind.OK);
        assertThat(drift.doCheckDriftShare("0").kind).isEqualTo(FormValidation.Kind.ERROR);
        assertThat(drift.doCheckDriftShare("1.5").getMessage())
                .isEqualTo("driftShare must be above 0.0 and at most 1.0, got 1.5");
    }

    @Test
    void deployTargetDropdownOffersTheEnginesTargetsAndEachIsAccepted() {
        List<String> targets = values(deploy.doFillTargetItems());

        assertThat(targets).containsExactly("kserve", "kubernetes", "local");
        DeployModelStep step = new DeployModelStep("fraud-detector");
        targets.forEach(t -> {
            step.setTarget(t);
            assertThat(step.getTarget()).isEqualTo(t);
        });
    }

    @Test
    void deploymentModeDropdownStartsWithDetectFromTheClusterThenOffersEachModeAndEachIsAccepted() {
        ListBoxModel modes = deploy.doFillDeploymentModeItems();

        assertThat(values(modes)).containsExactly("", "knative", "standard");
        assertThat(modes.get(0).name).isEqualTo("detect from the cluster");
        DeployModelStep step = new DeployModelStep("fraud-detector");
        values(modes).stream().skip(1).forEach(m -> {
            step.setDeploymentMode(m);
            assertThat(step.getDeploymentMode()).isEqualTo(m);
        });
    }

    @Test
    void driftMethodDropdownStartsWithAutoAndEachIsAccepted() {
        List<String> methods = values(drift.doFillMethodItems());

        assertThat(methods).startsWith("auto").contains("ks", "psi", "wasserstein", "js", "chi2", "hellinger");
        CheckDriftStep step = new CheckDriftStep("data/train.csv", "data/last-week.csv");
        methods.forEach(m -> {
            step.setMethod(m);
            assertThat(step.getMethod()).isEqualTo(m);
        });
    }

    @Test
    void onDriftDropdownOffersFailUnstableNoneAndEachIsAccepted() {
        List<String> choices = values(drift.doFillOnDriftItems());

        assertThat(choices).containsExactly("fail", "unstable", "none");
        CheckDriftStep step = new CheckDriftStep("data/train.csv", "data/last-week.csv");
        choices.forEach(c -> {
            step.setOnDrift(c);
            assertThat(step.getOnDrift()).isEqualTo(c);
        });
    }

    @Test
    void credentialPickersOfferOnlyTheKindsEachFieldAccepts() {
        assertThat(values(deploy.doFillKubeconfigCredentialsIdItems(null, ""))).containsExactly("", "kubeconfig-prod");
        assertThat(values(deploy.doFillKubernetesCredentialsIdItems(null, ""))).containsExactly("", "k8s-token");
        assertThat(values(train.doFillKubeflowCredentialsIdItems(null, "")))
                .containsExactlyInAnyOrder("", "k8s-token", "mlflow-ci");
        assertThat(values(drift.doFillMlflowCredentialsIdItems(null, "")))
                .containsExactlyInAnyOrder("", "k8s-token", "mlflow-ci");
    }

    @Test
    void cpuAndMemoryAreCheckedAsTheyAreTypedWithTheBindingsOneLine() {
        assertThat(deploy.doCheckCpu("500m:2").kind).isEqualTo(FormValidation.Kind.OK);
        assertThat(deploy.doCheckCpu("").kind).as("empty: the command line's 100m:1").isEqualTo(FormValidation.Kind.OK);
        assertThat(deploy.doCheckMemory("4Gi:1Gi").getMessage())
                .startsWith("memory: resources: memory request 4Gi is above its limit 1Gi");
    }

    @Test
    void aTagGivenTwiceIsShownAsItIsTyped() {
        FormValidation check = new RegisterModelBuilder.DescriptorImpl().doCheckTags("team=fraud\nteam=risk");

        assertThat(check.kind).isEqualTo(FormValidation.Kind.ERROR);
        assertThat(check.getMessage()).startsWith("tags line 2 'team=risk': team is given twice (line 1)");
    }

    @Test
    void envSecretIsCheckedAsASecretsNameAsItIsTyped() {
        assertThat(deploy.doCheckEnvSecret("mlflow-credentials").kind).isEqualTo(FormValidation.Kind.OK);
        assertThat(deploy.doCheckEnvSecret("").kind).as("empty: no Secret").isEqualTo(FormValidation.Kind.OK);
        assertThat(deploy.doCheckEnvSecret("MLFLOW_TRACKING_PASSWORD").getMessage())
                .startsWith("envSecret: secret 'MLFLOW_TRACKING_PASSWORD' is not a valid Kubernetes name");
    }

    @Test
    void smokeEndpointStorageUriAndImageAreCheckedAsTheyAreTypedWithTheBindingsOneLine() {
        assertThat(deploy.doCheckSmokeEndpoint("https://fraud.models.example.com").kind)
                .isEqualTo(FormValidation.Kind.OK);
        assertThat(deploy.doCheckStorageUri("").kind).as("empty: the version's location")
                .isEqualTo(FormValidation.Kind.OK);
        assertThat(deploy.doCheckImage("registry.example.com/fraud-serving:1.4").kind)
                .isEqualTo(FormValidation.Kind.OK);
        assertThat(deploy.doCheckImage("Registry.Example/Model:latest!").getMessage())
                .startsWith("deploy: image 'Registry.Example/Model:latest!' is not an image reference");
    }

    @Test
    void aStorageUriOrSmokeEndpointWithAPasswordIsFlaggedAsTypedWithoutRepeatingIt() {
        FormValidation storage = deploy.doCheckStorageUri("s3://ci-deployer:Wq7-tr0ub4dor@models/fraud-detector/7");
        FormValidation smoke = deploy.doCheckSmokeEndpoint("http://ci:Wq7-tr0ub4dor@fraud.models.example.com/predict");

        assertThat(storage.kind).isEqualTo(FormValidation.Kind.ERROR);
        assertThat(storage.getMessage()).startsWith("deploy: storageUri must not contain a user name or password")
                .doesNotContain("Wq7-tr0ub4dor");
        assertThat(smoke.kind).isEqualTo(FormValidation.Kind.ERROR);
        assertThat(smoke.getMessage()).startsWith("deploy: smokeEndpoint must not contain a user name or password")
                .doesNotContain("Wq7-tr0ub4dor");
    }

    @Test
    void withoutPermissionThePickersShowOnlyTheSavedId() {
        TestPermissions.none();

        assertThat(values(deploy.doFillKubeconfigCredentialsIdItems(null, "kubeconfig-prod")))
                .containsExactly("kubeconfig-prod");
        assertThat(values(train.doFillKubeflowCredentialsIdItems(null, "kfp-token"))).containsExactly("kfp-token");
        assertThat(values(deploy.doFillMlflowCredentialsIdItems(null, ""))).containsExactly("");
    }

    @Test
    void everyPickerAndCheckAnswersOnlyAPost() {
        List<Method> guarded = Stream.of(deploy, drift, train, register, registerBuilder, trainBuilder)
                .flatMap(d -> Arrays.stream(d.getClass().getMethods()))
                .filter(m -> m.getName().startsWith("doCheck") || m.getName().endsWith("CredentialsIdItems"))
                .toList();

        assertThat(guarded).hasSize(26);
        assertThat(guarded).allSatisfy(m -> assertThat(m.isAnnotationPresent(POST.class))
                .as(m.getName() + " has @POST").isTrue());
    }

    private static List<String> values(ListBoxModel model) {
        return model.stream().map(o -> o.value).toList();
    }
}
