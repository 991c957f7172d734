package io.mlopsbridge.cli;

import io.mlopsbridge.core.DurationText;
import io.mlopsbridge.core.MlopsException;
import io.mlopsbridge.deploy.ApiServerUrl;
import io.mlopsbridge.deploy.ClusterAccess;
import io.mlopsbridge.deploy.DeployModel;
import io.mlopsbridge.deploy.DeployRequest;
import io.mlopsbridge.deploy.DeployResult;
import io.mlopsbridge.deploy.DeployTarget;
import io.mlopsbridge.deploy.DeploymentMode;
import io.mlopsbridge.deploy.DeploymentTags;
import io.mlopsbridge.deploy.ServingResources;
import io.mlopsbridge.http.HeaderSafeToken;
import io.mlopsbridge.mlflow.MlflowClient;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "deploy", sortOptions = false,
        description = "Deploys a model version to KServe, to a Kubernetes Deployment, or locally with mlflow models"
                + " serve; waits for it to be ready, runs an optional smoke test judged by a gate, and rolls back to"
                + " exactly the previous spec on any failure. On success the promote alias moves to the version"
                + " (the previous holder kept as previous-<alias>) and the version is tagged with where, when, build"
                + " and release. See docs/deploy.md.",
        footer = {"", "Examples:",
            "  mlops deploy --model fraud-detector --alias candidate --target kserve",
            "    --namespace models --canary 10 --smoke smoke.json",
            "    --smoke-gate 'error_rate == 0 && latency_p95_ms < 200'",
            "    --promote-alias champion",
            "    --artifacts-destination s3://mlflow/artifacts",
            "  mlops deploy --model fraud-detector --version 7 --target local",
            "    --smoke smoke.json",
            "  mlops deploy --model fraud-detector --version 7 --target kubernetes",
            "    --image registry.example.com/fraud-serving:1.4 --dry-run",
            "", "Smoke metrics: requests, errors, error_rate, latency_p50_ms, latency_p95_ms, latency_max_ms.",
            "Kubernetes token for --kube-server: $MLOPS_KUBE_TOKEN.",
            "", "Exit codes: 0 deployed (or dry run), 1 smoke gate failed and rolled back, 2 input error,",
            "3 MLflow or Kubernetes error, or the rollout failed and was rolled back, 5 another build moved the",
            "promote alias at the same moment (this rollout reverted), 130/143 aborted (SIGINT/SIGTERM; rolled back)."})
final class DeployCommand implements Callable<Integer> {
    static final String TOKEN_ENV = "MLOPS_KUBE_TOKEN";

    @ParentCommand
    MlopsCommand parent;

    @Mixin
    HelpOption help;

    @Option(names = "--model", required = true, paramLabel = "NAME", description = "Registered model name.")
    String model;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Which which;

    static final class Which {
        @Option(names = "--version", paramLabel = "N", description = "Model version to deploy.")
        String version;

        @Option(names = "--alias", paramLabel = "ALIAS", description = "Deploy the version holding this alias.")
        String alias;
    }

    @Option(names = "--target", required = true, paramLabel = "TARGET",
            description = "kserve, kubernetes or local.")
    String target;

    @Option(names = "--namespace", paramLabel = "NS", description = "Kubernetes namespace (default: the context's).")
    String namespace;

    @Option(names = "--name", paramLabel = "NAME",
            description = "Name of the InferenceService or Deployment (default: derived from the model name).")
    String name;

    @Option(names = "--canary", paramLabel = "PCT",
            description = "KServe (Knative mode): send PCT %% to the new version, smoke-test it, then promote.")
    Integer canary;

    @Option(names = "--smoke", paramLabel = "FILE", description = "JSON file with the smoke test's request bodies.")
    Path smoke;

    @Option(names = "--smoke-gate", paramLabel = "EXPR",
            description = "Gate over the smoke metrics (default: error_rate == 0).")
    String smokeGate;

    @Option(names = "--smoke-endpoint", paramLabel = "URL",
            description = "Base URL to smoke-test instead of the one the cluster reports.")
    String smokeEndpoint;

    @Option(names = "--promote-alias", paramLabel = "ALIAS",
            description = "Alias to move to the version once deployed, e.g. champion (not a previous-<alias>, which"
                    + " promote keeps for rollback).")
    String promoteAlias;

    @Option(names = "--timeout", paramLabel = "T", defaultValue = "10m",
            description = "Readiness and smoke test budget, e.g. 90s, 10m, 1h (default: ${DEFAULT-VALUE}).")
    String timeout;

    @Option(names = "--dry-run", description = "Print the manifests and apply nothing.")
    boolean dryRun;

    @Option(names = "--json", description = "Print the result as JSON on stdout.")
    boolean json;

    @Option(names = "--release", paramLabel = "VERSION",
            description = "Release version shared with the code (default: <build number>-<short sha>).")
    String release;

    @Option(names = "--storage-uri", paramLabel = "URI",
            description = "KServe storageUri to use instead of the registry's location (s3://, gs://, pvc://...).")
    String storageUri;

    @Option(names = "--artifacts-destination", paramLabel = "URI",
            description = "The MLflow server's --artifacts-destination, to map mlflow-artifacts: locations.")
    String artifactsDestination;

    @Option(names = "--deployment-mode", paramLabel = "MODE",
            description = "KServe mode: knative (Serverless) or standard (RawDeployment); default: detected.")
    String deploymentMode;

    @Option(names = "--service-account", paramLabel = "SA", description = "Service account of the serving pods.")
    String serviceAccount;

    @Option(names = "--cpu", paramLabel = "REQ[:LIMIT]", defaultValue = "100m:1",
            description = "CPU request and limit (default: ${DEFAULT-VALUE}); without LIMIT the limit stays 1,"
                    + " or REQ if larger.")
    String cpu;

    @Option(names = "--memory", paramLabel = "REQ[:LIMIT]", defaultValue = "512Mi:1Gi",
            description = "Memory request and limit (default: ${DEFAULT-VALUE}); without LIMIT the limit stays 1Gi,"
                    + " or REQ if larger.")
    String memory;

    @Option(names = "--image", paramLabel = "IMAGE", description = "kubernetes target: image with MLflow and the model's libraries.")
    String image;

    @Option(names = "--image-serves-model", description = "kubernetes target: the image serves its model itself (mlflow models build-docker).")
    boolean imageServesModel;

    @Option(names = "--replicas", paramLabel = "N", defaultValue = "1", description = "kubernetes target: replicas (default: ${DEFAULT-VALUE}).")
    int replicas;

    @Option(names = "--env-secret", paramLabel = "SECRET",
            description = "kubernetes target: Secret exposed as environment (MLflow and bucket credentials).")
    String envSecret;

    @Option(names = "--cluster-tracking-uri", paramLabel = "URI",
            description = "kubernetes target: the tracking server as the pods reach it (default: --tracking-uri).")
    String clusterTrackingUri;

    @Option(names = "--kubeconfig", paramLabel = "FILE", description = "Kubeconfig file (default: $KUBECONFIG or ~/.kube/config).")
    Path kubeconfig;

    @Option(names = "--context", paramLabel = "NAME", description = "Kubeconfig context (default: the current one).")
    String context;

    @Option(names = "--in-cluster", description = "Use the service account of the pod this runs in.")
    boolean inCluster;

    @Option(names = "--kube-server", paramLabel = "URL",
            description = "API server URL, https://HOST:PORT; the token is read from $" + TOKEN_ENV + ".")
    String kubeServer;

    @Option(names = "--kube-ca-file", paramLabel = "FILE", description = "CA certificate of --kube-server.")
    Path kubeCaFile;

    @Option(names = "--mlflow-bin", paramLabel = "PATH",
            description = "local target: the mlflow executable (default: $MLOPS_MLFLOW_BIN, ./.venv/bin/mlflow, mlflow).")
    String mlflowBin;

    @Mixin
    MlflowOptions mlflowOptions;

    @Mixin
    BuildOptions buildOptions;

    @Override
    public Integer call() {
        CliContext cli = parent.context();
        DeployTarget deployTarget = DeployTarget.parse(target);
        EmptyOption.refuse(release, "--release",
                "give the release version, e.g. --release 1.4.0, or leave --release out to derive it from the build");
        DeployRequest request = DeployRequest.builder(model, deployTarget)
                .version(which.version).alias(which.alias).namespace(namespace).serviceName(name).canary(canary)
                .smoke(smoke, smokeGate, smokeEndpoint).promoteAlias(promoteAlias).timeout(DurationText.parse(timeout, "--timeout"))
                .dryRun(dryRun).storageUri(storageUri).artifactsDestination(artifactsDestination)
                .deploymentMode(DeploymentMode.requested(deploymentMode).orElse(null))
                .serving(new DeployRequest.ServingOptions(resources(), serviceAccount, image, imageServesModel,
                        replicas, envSecret, clusterTrackingUri))
                .release(release).build(buildOptions.resolve(cli.env())).done();
        ClusterAccess access = deployTarget == DeployTarget.LOCAL ? null : access(cli).reportingSecretsTo(cli::maskAlso);
        MlflowClient mlflow = cli.mlflow(mlflowOptions.trackingUri);
        DeployResult result = DeployModel.with(mlflow, access, List.of(mlflowExecutable(cli)), cli.log())
                .deploy(request, cli.cancellation());
        cli.printResult(json, result, plain(result));
        if (result.succeeded()) {
            return ExitCode.OK;
        }
        return result.smokeGateFailed() ? ExitCode.VERDICT_FAILED : ExitCode.REMOTE;
    }

    private ClusterAccess access(CliContext cli) {
        int ways = (kubeconfig != null ? 1 : 0) + (inCluster ? 1 : 0) + (kubeServer != null ? 1 : 0);
        if (ways > 1) {
            throw MlopsException.input("deploy: --kubeconfig, --in-cluster and --kube-server exclude each other",
                    "pass one way to reach the cluster");
        }
        if (kubeServer != null) {
            URI server = ApiServerUrl.parse(kubeServer, "deploy: --kube-server");
            String token = cli.env().get(TOKEN_ENV);
            if (token == null || token.isBlank()) {
                throw MlopsException.input("deploy: --kube-server needs a token in $" + TOKEN_ENV,
                        "export " + TOKEN_ENV + " with a service account token (never pass tokens as flags)");
            }
            String checked = HeaderSafeToken.require(token.strip(), "$" + TOKEN_ENV);
            return ClusterAccess.server(server, () -> checked, kubeCaFile);
        }
        if (inCluster) {
            return ClusterAccess.inCluster();
        }
        if (kubeconfig != null) {
            return ClusterAccess.kubeconfig(kubeconfig, context);
        }
        return ClusterAccess.auto();
    }

    private String mlflowExecutable(CliContext cli) {
        if (mlflowBin != null) {
            return mlflowBin;
        }
        String fromEnv = cli.env().get("MLOPS_MLFLOW_BIN");
        if (fromEnv != null && !fromEnv.isBlank()) {
            return fromEnv;
        }
        Path venv = Path.of(".venv", "bin", "mlflow");
        return Files.isExecutable(venv) ? venv.toAbsolutePath().toString() : "mlflow";
    }

    private ServingResources resources() {
        return ServingResources.parse(cpu, memory);
    }

    static String plain(DeployResult result) {
        if (result.dryRun()) {
            return result.manifests();
        }
        var rollout = result.rollout();
        if (!rollout.succeeded()) {
            return "rolled back: " + result.modelName() + " version " + result.version() + " on "
                    + DeploymentTags.place(rollout) + ": " + rollout.failure()
                    + (rollout.rollbackNote() == null ? "" : " (" + rollout.rollbackNote() + ")");
        }
        return "deployed " + result.modelName() + " version " + result.version() + " (release "
                + result.releaseVersion() + ") to " + DeploymentTags.place(rollout)
                + (rollout.endpoint() == null ? "" : " at " + rollout.endpoint())
                + (result.aliasMove() == null ? "" : "; " + result.modelName() + "@" + result.aliasMove().alias()
                + " -> " + result.version());
    }
}
