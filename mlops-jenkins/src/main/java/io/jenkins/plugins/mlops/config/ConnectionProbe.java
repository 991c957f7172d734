package io.jenkins.plugins.mlops.config;

import hudson.util.FormValidation;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.mlopsbridge.core.InputNaming;
import io.mlopsbridge.core.MlopsException;
import io.mlopsbridge.core.OneLine;
import io.mlopsbridge.deploy.ApiServerUrl;
import io.mlopsbridge.deploy.ClusterAccess;
import io.mlopsbridge.http.Credentials;
import io.mlopsbridge.http.HttpSettings;
import io.mlopsbridge.kfp.Healthz;
import io.mlopsbridge.kfp.KfpClient;
import io.mlopsbridge.kfp.KfpConfig;
import io.mlopsbridge.log.SecretMasker;
import io.mlopsbridge.mlflow.MlflowClient;
import io.mlopsbridge.mlflow.MlflowConfig;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The configuration page's "Test connection" buttons: one request to each server with the values on the page (not
 * the saved ones), answered with the server's version or the engine's one-line error, secrets masked. One attempt
 * with short timeouts, so an unreachable server answers within seconds instead of after the build retries.
 */
final class ConnectionProbe {
    static final HttpSettings PROBE = HttpSettings.defaults().withMaxAttempts(1)
            .withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(15));

    private ConnectionProbe() {
    }

    static FormValidation mlflow(String url, String credentialsId) {
        return probe(secrets -> {
            Credentials auth = CredentialsLookup.global().http(blank(credentialsId), "mlflowCredentialsId");
            secrets.addAll(auth.secrets());
            MlflowConfig config = MlflowConfig.of(required(url, "mlflowUrl"), auth).withHttp(PROBE);
            return "Connected to MLflow " + new MlflowClient(config).serverVersion() + " at " + config.displayUri();
        });
    }

    static FormValidation kubeflow(String url, String credentialsId, String namespace) {
        return probe(secrets -> {
            Credentials auth = CredentialsLookup.global().http(blank(credentialsId), "kubeflowCredentialsId");
            secrets.addAll(auth.secrets());
            KfpConfig config = KfpConfig.of(required(url, "kubeflowUrl")).withCredentials(auth)
                    .withNamespace(MlopsConfiguration.blankToNull(namespace)).withHttp(PROBE);
            Healthz health = new KfpClient(config).healthz();
            return "Connected to Kubeflow Pipelines at " + config.displayUrl() + " ("
                    + (health.multiUser() ? "multi-user: runs need a namespace" : "single-user") + ")";
        });
    }

    /** The kubeconfig credential when set, else the server URL with the token credential. */
    static FormValidation kubernetes(String kubeconfigCredentialsId, String serverUrl, String tokenCredentialsId) {
        return probe(secrets -> {
            if (MlopsConfiguration.blankToNull(kubeconfigCredentialsId) != null) {
                String kubeconfig = CredentialsLookup.global().secretFile(kubeconfigCredentialsId.strip(),
                        "kubeconfigCredentialsId");
                Path file = privateCopy(kubeconfig);
                try {
                    return kubernetesVersion(ClusterAccess.kubeconfig(file, null));
                } finally {
                    Files.deleteIfExists(file);
                }
            }
            String token = CredentialsLookup.global().secretText(required(tokenCredentialsId,
                    "kubernetesCredentialsId"), "kubernetesCredentialsId");
            secrets.add(token);
            URI server = ApiServerUrl.parse(required(serverUrl, "kubernetesServerUrl"), "kubernetesServerUrl:");
            return kubernetesVersion(ClusterAccess.server(server, () -> token, null));
        });
    }

    private static String kubernetesVersion(ClusterAccess access) {
        try (KubernetesClient client = access.connect()) {
            String version = client.getKubernetesVersion().getGitVersion();
            return version == null || version.isBlank()
                    ? "Connected to the Kubernetes API server at " + client.getMasterUrl()
                            + " (it did not report its version)"
                    : "Connected to Kubernetes " + version + " at " + client.getMasterUrl();
        } catch (KubernetesClientException e) {
            throw MlopsException.remote("Kubernetes API server did not answer: " + OneLine.of(e.getMessage()),
                    "check the server URL and the credential", null, e);
        }
    }

    /** The kubeconfig goes to a file only the Jenkins user can read, for the client to parse, and is deleted after. */
    private static Path privateCopy(String kubeconfig) throws IOException {
        Path file = Files.createTempFile("mlops-kubeconfig", ".yaml",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, kubeconfig, StandardCharsets.UTF_8);
        return file;
    }

    /** An empty picker choice is "no credential". */
    private static String blank(String credentialsId) {
        return MlopsConfiguration.blankToNull(credentialsId);
    }

    private static String required(String value, String setting) {
        String v = MlopsConfiguration.blankToNull(value);
        if (v == null) {
            throw MlopsException.input(setting + " is empty", "fill it in before testing the connection");
        }
        return v;
    }

    private interface Check {
        String run(List<String> secrets) throws IOException;
    }

    private static FormValidation probe(Check check) {
        List<String> secrets = new ArrayList<>();
        try {
            return FormValidation.ok(check.run(secrets));
        } catch (MlopsException e) {
            return FormValidation.error(SecretMasker.of(secrets).mask(e.oneLine(InputNaming.STEP_PARAMETERS)));
        } catch (IOException | RuntimeException e) {
            return FormValidation.error(SecretMasker.of(secrets).mask("connection test failed: "
                    + e.getClass().getSimpleName() + ": " + OneLine.of(String.valueOf(e.getMessage()))));
        }
    }
}
