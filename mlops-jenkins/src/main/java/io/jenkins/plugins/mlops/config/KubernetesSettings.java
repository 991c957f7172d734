package io.jenkins.plugins.mlops.config;

import io.fabric8.kubernetes.client.Config;
import io.mlopsbridge.core.MlopsException;
import io.mlopsbridge.deploy.ApiServerUrl;
import io.mlopsbridge.deploy.ClusterAccess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * How a step reaches Kubernetes: a kubeconfig from a secret-file credential, or an API server URL with a
 * secret-text token credential (the step's values, else the global configuration's), else, only when an
 * administrator allowed it ({@link MlopsConfiguration#isUseControllerClusterAccess()}), what {@code kubectl} on the
 * controller would use. A kubeconfig is written to a private temporary folder (never the build folder) for
 * the duration of one use and deleted by {@link #close()}.
 */
public final class KubernetesSettings implements AutoCloseable {
    private final ClusterAccess access;
    private final List<String> secrets;
    private final Path folder;

    private KubernetesSettings(ClusterAccess access, List<String> secrets, Path folder) {
        this.access = access;
        this.secrets = secrets;
        this.folder = folder;
    }

    public static KubernetesSettings resolve(String stepKubeconfigId, String stepServerUrl, String stepTokenId,
                                             String namespace, MlopsConfiguration global,
                                             CredentialsLookup credentials) {
        String kubeconfigId = first(stepKubeconfigId, stepServerUrl == null ? global.getKubeconfigCredentialsId()
                : null);
        if (kubeconfigId != null) {
            String content = credentials.secretFile(kubeconfigId, "kubeconfigCredentialsId");
            // Parsed before it is copied, so that a file which is no kubeconfig (but may hold a secret) is never
            // left on disk.
            List<String> secrets = kubeconfigSecrets(kubeconfigId, content);
            Path folder = privateFolder();
            Path file = folder.resolve("kubeconfig");
            try {
                Files.writeString(file, content);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return new KubernetesSettings(ClusterAccess.kubeconfig(file, null).inNamespace(namespace), secrets,
                    folder);
        }
        String server = first(stepServerUrl, global.getKubernetesServerUrl());
        if (server == null) {
            if (!global.isUseControllerClusterAccess()) {
                // The controller's kubeconfig or pod service account is Jenkins' own identity: a Jenkinsfile must
                // not get it just by naming no access (docs/jenkins.md, "No inCluster").
                throw noClusterAccessGiven();
            }
            return new KubernetesSettings(ClusterAccess.auto().inNamespace(namespace), List.of(), null);
        }
        String tokenId = first(stepTokenId, global.getKubernetesCredentialsId());
        if (tokenId == null) {
            throw MlopsException.input("kubernetesCredentialsId: no token credential for " + server,
                    "give a 'Secret text' credential with a service-account token, or a kubeconfig in "
                            + "kubeconfigCredentialsId");
        }
        String token = credentials.secretText(tokenId, "kubernetesCredentialsId");
        ClusterAccess access = ClusterAccess.server(ApiServerUrl.parse(server, "kubernetesServerUrl:"),
                () -> credentials.secretText(tokenId, "kubernetesCredentialsId"), null);
        return new KubernetesSettings(access.inNamespace(namespace), List.of(token), null);
    }

    /** The one line for a cluster deployment that names no access where the controller's own is not allowed. */
    private static MlopsException noClusterAccessGiven() {
        return MlopsException.input("kubeconfigCredentialsId: no Kubernetes cluster access given (neither"
                + " kubeconfigCredentialsId nor kubernetesServerUrl is set on the step or in Manage Jenkins"
                + " > System > MLOps Bridge)", "pass kubeconfigCredentialsId: 'kserve-kubeconfig' (a Secret"
                + " file credential holding a kubeconfig), or kubernetesServerUrl:"
                + " 'https://kubernetes.default.svc' with kubernetesCredentialsId (a Secret text"
                + " service-account token), or set them in Manage Jenkins > System > MLOps Bridge; the"
                + " controller's own kubeconfig or service account is used only if an administrator turns"
                + " on useControllerClusterAccess there");
    }

    /** The token, password and client key of the kubeconfig's current context: what the log must mask. */
    private static List<String> kubeconfigSecrets(String credentialsId, String content) {
        List<String> found = new ArrayList<>();
        try {
            Config config = Config.fromKubeconfig(content);
            for (String value : new String[] {config.getOauthToken(), config.getPassword(),
                config.getClientKeyData()}) {
                if (value != null && !value.isBlank()) {
                    found.add(value);
                }
            }
        } catch (RuntimeException e) {
            // Not the parser's message: it may quote the file, and nothing in it is known to be masked yet.
            throw MlopsException.input("kubeconfigCredentialsId: the secret file of credential '" + credentialsId
                    + "' is not a kubeconfig", "upload the kubeconfig kubectl uses for the cluster ('kubectl config"
                    + " view --raw --minify' prints one)");
        }
        return found;
    }

    private static Path privateFolder() {
        try {
            return Files.createTempDirectory("mlops-kube-",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String first(String a, String b) {
        String v = MlopsConfiguration.blankToNull(a);
        return v != null ? v : MlopsConfiguration.blankToNull(b);
    }

    public ClusterAccess access() {
        return access;
    }

    public List<String> secrets() {
        return secrets;
    }

    @Override
    public void close() {
        if (folder == null) {
            return;
        }
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // a leftover private temp folder is removed with the machine's temp files
        }
    }
}
