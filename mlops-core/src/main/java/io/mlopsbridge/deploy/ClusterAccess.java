package io.mlopsbridge.deploy;

import static io.mlopsbridge.deploy.DeployInputNames.KUBECONFIG;
import static io.mlopsbridge.deploy.DeployInputNames.KUBE_SERVER;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.mlopsbridge.core.Cancellation;
import io.mlopsbridge.core.InputFile;
import io.mlopsbridge.core.InputName;
import io.mlopsbridge.core.MlopsException;
import io.mlopsbridge.http.HeaderSafeToken;
import io.mlopsbridge.log.UrlSanitizer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * How to reach a Kubernetes cluster: a kubeconfig file, the pod's own service account, or a server URL with a
 * bearer token. Immutable; {@link #inNamespace} returns a copy. TLS verification is always on: a self-signed API
 * server is trusted through its CA file, never by switching checks off.
 */
public final class ClusterAccess {
    static final Path SERVICE_ACCOUNT_DIR = Path.of("/var/run/secrets/kubernetes.io/serviceaccount");

    private enum Kind { AUTO, KUBECONFIG, IN_CLUSTER, SERVER }

    private final Kind kind;
    private final Path kubeconfig;
    private final String context;
    private final URI server;
    private final Supplier<String> token;
    private final Path caFile;
    private final String namespace;
    private final Path serviceAccountDir;
    private final Map<String, String> environment;
    private Consumer<String> secretSink = secret -> { };

    private ClusterAccess(Kind kind, Path kubeconfig, String context, URI server, Supplier<String> token,
                          Path caFile, String namespace, Path serviceAccountDir, Map<String, String> environment) {
        this.kind = kind;
        this.kubeconfig = kubeconfig;
        this.context = context;
        this.server = server;
        this.token = token;
        this.caFile = caFile;
        this.namespace = namespace;
        this.serviceAccountDir = serviceAccountDir;
        this.environment = environment;
    }

    /**
     * What {@code kubectl} would use: {@code $KUBECONFIG} or {@code ~/.kube/config} when present, otherwise the
     * pod's service account when running inside a cluster.
     */
    public static ClusterAccess auto() {
        return auto(System.getenv());
    }

    static ClusterAccess auto(Map<String, String> environment) {
        return new ClusterAccess(Kind.AUTO, null, null, null, null, null, null, SERVICE_ACCOUNT_DIR, environment);
    }

    /** A kubeconfig file; {@code context} may be null for the file's current context. */
    public static ClusterAccess kubeconfig(Path file, String context) {
        // Checked now as well as when read: a front end builds its access before it asks anything remote.
        requireKubeconfigFile(Objects.requireNonNull(file, "file"));
        return new ClusterAccess(Kind.KUBECONFIG, file, context, null, null, null, null, SERVICE_ACCOUNT_DIR,
                System.getenv());
    }

    /**
     * The service account of the pod this process runs in: the command line's {@code --in-cluster}, for an
     * {@code mlops} command run in a pod (a CI job's pod, such as a Jenkins agent's running the shared library). The
     * token is re-read for every request because Kubernetes rotates projected tokens.
     */
    public static ClusterAccess inCluster() {
        return inCluster(SERVICE_ACCOUNT_DIR, System.getenv());
    }

    static ClusterAccess inCluster(Path serviceAccountDir, Map<String, String> environment) {
        return new ClusterAccess(Kind.IN_CLUSTER, null, null, null, null, null, null, serviceAccountDir, environment);
    }

    /**
     * An API server URL and a bearer token (e.g. a Jenkins credential or an environment variable).
     *
     * @param caFile the API server's CA certificate, or null when a public CA signed it
     */
    public static ClusterAccess server(URI url, Supplier<String> token, Path caFile) {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(token, "token");
        return new ClusterAccess(Kind.SERVER, null, null, url, token, caFile, null, SERVICE_ACCOUNT_DIR,
                System.getenv());
    }

    /** The same access, working in {@code namespace} instead of the configured default. */
    public ClusterAccess inNamespace(String namespace) {
        return new ClusterAccess(kind, kubeconfig, context, server, token, caFile,
                namespace == null || namespace.isBlank() ? null : namespace.strip(), serviceAccountDir, environment)
                .reportingSecretsTo(secretSink);
    }

    /**
     * The same access, handing every secret it reads to {@code sink} (a log masker) the moment it is read: a
     * kubeconfig's token, password or client key, and a service-account token each time it is re-read.
     */
    public ClusterAccess reportingSecretsTo(Consumer<String> sink) {
        ClusterAccess copy = new ClusterAccess(kind, kubeconfig, context, server, token, caFile, namespace,
                serviceAccountDir, environment);
        copy.secretSink = Objects.requireNonNull(sink, "sink");
        return copy;
    }

    /** Token values the build log must mask. */
    public List<String> secrets() {
        if (kind == Kind.SERVER) {
            String current = token.get();
            return current == null ? List.of() : List.of(current.strip());
        }
        return List.of();
    }

    /**
     * Opens a client. The caller closes it. The API server's port is tried first, once: the client would retry a
     * refused connection with backoff for about 20 s and then report a failed "get" with no server message.
     */
    public KubernetesClient connect() {
        return connect(Cancellation.none());
    }

    /**
     * {@link #connect()}, whose try of the API server's port a cancel cuts off: an address that drops connection
     * attempts would otherwise hold an abort for the whole connect timeout (10 s). The try then fails on its closed
     * socket, which the caller words as the abort ({@link Cancellation#abortingOnCancel}).
     */
    public KubernetesClient connect(Cancellation cancellation) {
        Config config = config();
        requireReachable(config, cancellation);
        return new KubernetesClientBuilder().withConfig(config).build();
    }

    private static void requireReachable(Config config, Cancellation cancellation) {
        if (config.getHttpsProxy() != null || config.getHttpProxy() != null) {
            return; // the proxy, not this process, connects to the API server
        }
        String master = config.getMasterUrl();
        URI url = URI.create(master);
        String host = url.getHost() == null ? "" : url.getHost().replaceAll("^\\[|]$", "");
        int port = url.getPort() >= 0 ? url.getPort() : "http".equals(url.getScheme()) ? 80 : 443;
        int timeout = config.getConnectionTimeout() > 0 ? config.getConnectionTimeout() : 10_000;
        String shown = UrlSanitizer.sanitize(master);
        String hint = "check that the API server is running and that the kubeconfig (or " + KUBE_SERVER
                + ") names it";
        // Closing the socket ends a connect still waiting for the server at once; a thread interrupt does not.
        try (Socket socket = new Socket();
             Cancellation.Registration stop = cancellation.onCancel(() -> closeQuietly(socket))) {
            socket.connect(new InetSocketAddress(host, port), timeout);
        } catch (ConnectException e) {
            throw MlopsException.remote("cannot connect to " + shown + ": connection refused", hint,
                    "CONNECTION_REFUSED", e);
        } catch (SocketTimeoutException e) {
            throw MlopsException.remote("cannot connect to " + shown + ": no answer within " + timeout / 1000
                    + " s", hint, "CONNECT_TIMEOUT", e);
        } catch (UnknownHostException e) {
            throw MlopsException.remote("cannot connect to " + shown + ": unknown host " + host, hint,
                    "UNKNOWN_HOST", e);
        } catch (IOException e) {
            throw MlopsException.remote("cannot connect to " + shown + ": " + e.getMessage(), hint, null, e);
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // Closed to end the probe; the probe reports its own failure.
        }
    }

    /**
     * The namespace to work in: the one given, else the kubeconfig context's, else the service account's, else
     * {@code default}.
     */
    public String namespace() {
        if (namespace != null) {
            return namespace;
        }
        String configured = config().getNamespace();
        return configured == null || configured.isBlank() ? "default" : configured;
    }

    Config config() {
        Config config = switch (kind) {
            case KUBECONFIG -> fromKubeconfig();
            case IN_CLUSTER -> fromServiceAccount();
            case SERVER -> fromServer();
            case AUTO -> autoConfigured();
        };
        if (namespace != null) {
            config.setNamespace(namespace);
        }
        return reportingSecrets(config);
    }

    private Config reportingSecrets(Config config) {
        for (String secret : new String[] {config.getOauthToken(), config.getPassword(), config.getClientKeyData(),
                config.getAutoOAuthToken()}) {
            if (secret != null) {
                secretSink.accept(secret.strip());
            }
        }
        var provider = config.getOauthTokenProvider();
        if (provider != null) {
            config.setOauthTokenProvider(() -> {
                String value = provider.getToken();
                if (value != null) {
                    secretSink.accept(value.strip());
                }
                return value;
            });
        }
        return config;
    }

    private Config fromKubeconfig() {
        requireKubeconfigFile(kubeconfig);
        if (isEmpty(kubeconfig)) {
            throw MlopsException.input("kubeconfig: '" + kubeconfig + "' is empty",
                    "pass the kubeconfig kubectl uses ('kubectl config view --raw --minify' prints one)");
        }
        KubeconfigText.check(kubeconfig);
        try {
            if (context != null) {
                // fabric8 falls back to the current context when the named one is missing; a typo must not
                // deploy to whatever cluster happens to be current.
                var contexts = io.fabric8.kubernetes.client.internal.KubeConfigUtils.parseConfig(kubeconfig.toFile())
                        .getContexts();
                if (contexts == null || contexts.stream().noneMatch(c -> context.equals(c.getName()))) {
                    throw MlopsException.input("kubeconfig: cannot use '" + kubeconfig + "' with context '"
                            + context + "': the file has no such context",
                            "check the context name with 'kubectl config get-contexts'");
                }
            }
            return Config.fromKubeconfig(context, kubeconfig.toFile());
        } catch (MlopsException e) {
            throw e;
        } catch (RuntimeException e) {
            // fabric8's failures on a file that is YAML but not a kubeconfig (a list where a mapping belongs) name
            // its Java classes: say what the file should be instead.
            throw KubeconfigText.invalid(kubeconfig, null);
        }
    }

    private static Path requireKubeconfigFile(Path file) {
        return InputFile.require(file, "kubeconfig: file",
                "pass the path of a readable kubeconfig file (" + KUBECONFIG + ")");
    }

    private static boolean isEmpty(Path file) {
        try {
            return Files.readString(file, StandardCharsets.ISO_8859_1).isBlank();
        } catch (IOException e) {
            throw MlopsException.input("kubeconfig: cannot read '" + file + "': " + e.getMessage(),
                    "check the file's permissions");
        }
    }

    private Config fromServiceAccount() {
        String host = environment.get("KUBERNETES_SERVICE_HOST");
        String port = environment.get("KUBERNETES_SERVICE_PORT");
        Path tokenFile = serviceAccountDir.resolve("token");
        if (host == null || port == null || !Files.isReadable(tokenFile)) {
            throw MlopsException.input("in-cluster access: not running in a Kubernetes pod with a service account",
                    "KUBERNETES_SERVICE_HOST/PORT and " + tokenFile + " are needed; outside a cluster use a"
                            + " kubeconfig file or a server URL with a token");
        }
        String hostPort = host.contains(":") ? "[" + host + "]:" + port : host + ":" + port;
        ConfigBuilder builder = new ConfigBuilder(Config.empty())
                .withMasterUrl("https://" + hostPort + "/")
                .withOauthTokenProvider(() -> readStripped(tokenFile));
        Path ca = serviceAccountDir.resolve("ca.crt");
        if (Files.isRegularFile(ca)) {
            builder.withCaCertFile(ca.toString());
        }
        Path namespaceFile = serviceAccountDir.resolve("namespace");
        if (Files.isRegularFile(namespaceFile)) {
            builder.withNamespace(readStripped(namespaceFile));
        }
        return builder.build();
    }

    private Config fromServer() {
        ApiServerUrl.parse(server.toString(), "Kubernetes server:");
        ConfigBuilder builder = new ConfigBuilder(Config.empty())
                .withMasterUrl(server.toString().endsWith("/") ? server.toString() : server + "/")
                .withOauthTokenProvider(() -> {
                    String value = token.get();
                    if (value == null || value.isBlank()) {
                        throw MlopsException.input("Kubernetes server: no token",
                                "set the token's environment variable or credential");
                    }
                    return HeaderSafeToken.require(value.strip(), "the Kubernetes token");
                });
        if (caFile != null) {
            InputFile.require(caFile, "Kubernetes server: CA file", "pass the API server's CA certificate (PEM)");
            builder.withCaCertFile(caFile.toString());
        }
        return builder.build();
    }

    private Config autoConfigured() {
        String fromEnv = environment.get("KUBECONFIG");
        Path home = Path.of(System.getProperty("user.home"), ".kube", "config");
        if (fromEnv != null && !fromEnv.isBlank() && java.util.Arrays.stream(fromEnv.split(java.io.File.pathSeparator))
                .noneMatch(f -> !f.isBlank() && Files.isRegularFile(Path.of(f)))) {
            // fabric8 would silently fall back to defaults (https://kubernetes.default.svc) and fail later with a
            // misleading "unknown host".
            throw MlopsException.input("Kubernetes: $KUBECONFIG names no file: " + fromEnv,
                    "point KUBECONFIG at your kubeconfig file, or unset it to use ~/.kube/config");
        }
        boolean hasKubeconfig = (fromEnv != null && !fromEnv.isBlank()) || Files.isRegularFile(home);
        if (!hasKubeconfig && environment.get("KUBERNETES_SERVICE_HOST") == null) {
            throw MlopsException.input("Kubernetes: no cluster access configured",
                    // The plugin asks for this access only as an administrator's opt-in and uses it on the
                    // controller, not on an agent: its hint says what the controller lacks.
                    InputName.wording("the controller has no kubeconfig ($KUBECONFIG, ~/.kube/config) and runs in"
                            + " no pod with a service account: give " + KUBECONFIG.parameter() + " (a kubeconfig"
                            + " file credential), or " + KUBE_SERVER.parameter() + " with kubernetesCredentialsId",
                            "pass " + KUBECONFIG.option() + " FILE, run inside a"
                            + " pod with a service account, or pass " + KUBE_SERVER.option() + " URL with a token in"
                            + " $MLOPS_KUBE_TOKEN"));
        }
        return Config.autoConfigure(null);
    }

    private static String readStripped(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Where requests go, for messages; never includes credentials. */
    public String describe() {
        return switch (kind) {
            case KUBECONFIG -> "kubeconfig " + kubeconfig + Optional.ofNullable(context).map(c -> " (context " + c + ")")
                    .orElse("");
            case IN_CLUSTER -> "in-cluster service account";
            case SERVER -> "server " + UrlSanitizer.sanitize(server.toString());
            case AUTO -> "default kubeconfig or in-cluster service account";
        };
    }

    @Override
    public String toString() {
        return describe();
    }
}
