package io.mlopsbridge.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.mlopsbridge.core.ErrorKind;
import io.mlopsbridge.core.InputNaming;
import io.mlopsbridge.core.MlopsException;
import io.mlopsbridge.http.RefusingLoopbackPort;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class ClusterAccessTest {
    @RegisterExtension
    final KServeCluster cluster = new KServeCluster();
    @TempDir
    Path dir;

    private Path kubeconfig(String namespace) throws Exception {
        String server = cluster.client().getMasterUrl().toString();
        Path file = dir.resolve("kubeconfig");
        Files.writeString(file, """
                apiVersion: v1
                kind: Config
                clusters:
                - name: ci
                  cluster: {server: "%s"}
                users:
                - name: jenkins
                  user: {token: "%s"}
                contexts:
                - name: ci-models
                  context: {cluster: ci, user: jenkins, namespace: %s}
                current-context: ci-models
                """.formatted(server, KServeCluster.TOKEN, namespace));
        return file;
    }

    @Test
    void aKubeconfigFileReachesTheClusterInItsContextsNamespace() throws Exception {
        ClusterAccess access = ClusterAccess.kubeconfig(kubeconfig("models"), null);

        assertThat(access.namespace()).isEqualTo("models");
        try (KubernetesClient client = access.connect()) {
            assertThat(client.configMaps().inNamespace("models").list().getItems()).isEmpty();
        }
    }

    @Test
    void anExplicitNamespaceWinsOverTheContexts() throws Exception {
        assertThat(ClusterAccess.kubeconfig(kubeconfig("models"), null).inNamespace("staging").namespace())
                .isEqualTo("staging");
    }

    @Test
    void anUnknownContextIsAnInputError() throws Exception {
        Path file = kubeconfig("models");

        assertThatThrownBy(() -> ClusterAccess.kubeconfig(file, "prod").namespace())
                .hasMessageStartingWith("kubeconfig: cannot use '" + file + "' with context 'prod'");
    }

    @Test
    void inClusterAccessReadsTheServiceAccountAndRereadsItsToken() throws Exception {
        Path account = Files.createDirectories(dir.resolve("serviceaccount"));
        Files.writeString(account.resolve("token"), "token-1\n");
        Files.writeString(account.resolve("namespace"), "ml-serving");
        ClusterAccess access = ClusterAccess.inCluster(account,
                Map.of("KUBERNETES_SERVICE_HOST", "10.96.0.1", "KUBERNETES_SERVICE_PORT", "443"));

        Config config = access.config();
        String first = config.getOauthTokenProvider().getToken();
        Files.writeString(account.resolve("token"), "token-2\n");

        assertThat(config.getMasterUrl()).isEqualTo("https://10.96.0.1:443/");
        assertThat(access.namespace()).isEqualTo("ml-serving");
        assertThat(first).isEqualTo("token-1");
        assertThat(config.getOauthTokenProvider().getToken()).as("rotated token").isEqualTo("token-2");
    }

    @Test
    void inClusterAccessOutsideAPodIsAnInputError() {
        assertThatThrownBy(() -> ClusterAccess.inCluster(dir, Map.of()).namespace())
                .hasMessage("in-cluster access: not running in a Kubernetes pod with a service account");
    }

    @Test
    void serverAndTokenAccessNamesItsTokenAsASecret() {
        ClusterAccess access = ClusterAccess.server(URI.create("https://k8s.example.com:6443"),
                () -> "eyJhbGciOiJSUzI1NiJ9.sa-token", null).inNamespace("models");

        assertThat(access.secrets()).containsExactly("eyJhbGciOiJSUzI1NiJ9.sa-token");
        assertThat(access.config().getMasterUrl()).isEqualTo("https://k8s.example.com:6443/");
        assertThat(access.toString()).doesNotContain("sa-token");
    }

    @Test
    void aServerUrlThatIsNotHttpIsAnInputError() {
        assertThatThrownBy(() -> ClusterAccess.server(URI.create("k8s.example.com:6443"), () -> "t", null).namespace())
                .hasMessageStartingWith("Kubernetes server: 'k8s.example.com:6443' is not an http(s) URL");
    }

    @Test
    void anUnreachableApiServerIsOneLineSayingConnectionRefused() throws Exception {
        try (RefusingLoopbackPort refusing = RefusingLoopbackPort.open()) {
            int closedPort = refusing.port();
            ClusterAccess access = ClusterAccess.server(URI.create("https://127.0.0.1:" + closedPort),
                    () -> KServeCluster.TOKEN, null);

            assertThatThrownBy(access::connect)
                    .isInstanceOf(MlopsException.class)
                    .hasMessage("cannot connect to https://127.0.0.1:" + closedPort + "/: connection refused");
        }
    }

    @Test
    void aKubeconfigTokenIsHandedToTheMaskerWhenRead() throws Exception {
        List<String> registered = new ArrayList<>();

        ClusterAccess.kubeconfig(kubeconfig("models"), null).reportingSecretsTo(registered::add).config();

        assertThat(registered).contains(KServeCluster.TOKEN);
    }

    @Test
    void aRotatedServiceAccountTokenIsHandedToTheMaskerWhenReRead() throws Exception {
        Path account = Files.createDirectories(dir.resolve("sa"));
        Files.writeString(account.resolve("token"), "sa-token-first\n");
        List<String> registered = new ArrayList<>();
        var config = ClusterAccess.inCluster(account,
                Map.of("KUBERNETES_SERVICE_HOST", "10.96.0.1", "KUBERNETES_SERVICE_PORT", "443"))
                .reportingSecretsTo(registered::add).config();

        config.getOauthTokenProvider().getToken();
        Files.writeString(account.resolve("token"), "sa-token-rotated\n");
        config.getOauthTokenProvider().getToken();

        assertThat(registered).contains("sa-token-first", "sa-token-rotated");
    }

    @Test
    void anEmptyKubeconfigFileIsAnInputErrorNamingIt() throws Exception {
        Path file = Files.writeString(dir.resolve("kubeconfig"), "");

        assertThatThrownBy(() -> ClusterAccess.kubeconfig(file, null).namespace())
                .isInstanceOfSatisfying(MlopsException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.INPUT))
                .hasMessage("kubeconfig: '" + file + "' is empty");
    }

    @Test
    void aKubeconfigFileThatIsNotTextIsAnInputErrorNamingTheOptionAndTheFile() throws Exception {
        Path file = Files.write(dir.resolve("kubeconfig"), new byte[] {(byte) 0xff, (byte) 0xfe, 0x00, 0x1b, 0x42});

        for (String context : java.util.Arrays.asList(null, "ci-models")) {
            assertThatThrownBy(() -> ClusterAccess.kubeconfig(file, context).namespace())
                    .isInstanceOfSatisfying(MlopsException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.INPUT))
                    .hasMessage("--kubeconfig: '" + file + "' is not a valid kubeconfig (YAML with apiVersion,"
                            + " clusters, contexts and users): it is not UTF-8 text");
        }
    }

    @Test
    void aKubeconfigFileWithAPlainWordIsNotAValidKubeconfigAndNamesNoJavaClass() throws Exception {
        Path file = Files.writeString(dir.resolve("kubeconfig"), "x\n");

        assertThatThrownBy(() -> ClusterAccess.kubeconfig(file, null).namespace())
                .isInstanceOfSatisfying(MlopsException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.INPUT))
                .hasMessage("--kubeconfig: '" + file + "' is not a valid kubeconfig (YAML with apiVersion, clusters,"
                        + " contexts and users)");
    }

    @Test
    void aKubeconfigFileWithBrokenYamlNamesTheLineAndColumn() throws Exception {
        Path file = Files.writeString(dir.resolve("kubeconfig"), "apiVersion: v1\nclusters: [{name: a\nusers: []\n");

        assertThatThrownBy(() -> ClusterAccess.kubeconfig(file, null).namespace())
                .isInstanceOfSatisfying(MlopsException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.INPUT))
                .hasMessageMatching("--kubeconfig: '" + java.util.regex.Pattern.quote(file.toString()) + "' is not a"
                        + " valid kubeconfig \\(YAML with apiVersion, clusters, contexts and users\\): YAML syntax"
                        + " error at line \\d+, column \\d+");
    }

    @Test
    void aKubeconfigVariableNamingNoFileIsAnInputErrorNamingTheVariable() {
        Path missing = dir.resolve("no-such-kubeconfig");

        assertThatThrownBy(() -> ClusterAccess.auto(Map.of("KUBECONFIG", missing.toString())).namespace())
                .isInstanceOfSatisfying(MlopsException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.INPUT))
                .hasMessage("Kubernetes: $KUBECONFIG names no file: " + missing);
    }

    @Test
    void noClusterAccessAtAllSaysHowToGiveItInTheWordsOfEachFrontEnd() {
        MlopsException e = noClusterAccessFound();

        assertThat(e.getMessage()).isEqualTo("Kubernetes: no cluster access configured");
        assertThat(e.hint()).hasValue("pass --kubeconfig FILE, run inside a pod with a service account, or pass"
                + " --kube-server URL with a token in $MLOPS_KUBE_TOKEN");
        assertThat(e.oneLine(InputNaming.STEP_PARAMETERS)).contains("kubeconfigCredentialsId")
                .contains("kubernetesServerUrl").contains("kubernetesCredentialsId")
                .doesNotContain("$MLOPS_KUBE_TOKEN").doesNotContain(" FILE").doesNotContain(" URL ");
    }

    @Test
    void noClusterAccessOnTheJenkinsControllerSaysWhatTheControllerLacksNotWhatAnAgentPodNeeds() {
        // The plugin asks for this access only for an administrator's opt-in, and uses it on the controller.
        String inJenkins = noClusterAccessFound().oneLine(InputNaming.STEP_PARAMETERS);

        assertThat(inJenkins).doesNotContain("agent")
                .contains("the controller has no kubeconfig ($KUBECONFIG, ~/.kube/config) and runs in no pod");
    }

    /** What the default access reports where there is no kubeconfig and no pod service account. */
    private MlopsException noClusterAccessFound() {
        String home = System.getProperty("user.home");
        System.setProperty("user.home", dir.toString()); // a home without ~/.kube/config
        try {
            return catchThrowableOfType(MlopsException.class, () -> ClusterAccess.auto(Map.of()).namespace());
        } finally {
            System.setProperty("user.home", home);
        }
    }
}
