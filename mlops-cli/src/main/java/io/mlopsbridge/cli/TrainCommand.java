package io.mlopsbridge.cli;

import io.mlopsbridge.core.DurationText;
import io.mlopsbridge.core.MlopsException;
import io.mlopsbridge.kfp.KfpClient;
import io.mlopsbridge.kfp.KfpConfig;
import io.mlopsbridge.kfp.PipelineSpecFile;
import io.mlopsbridge.lineage.ReleaseVersion;
import io.mlopsbridge.log.BuildLog;
import io.mlopsbridge.mlflow.MlflowClient;
import io.mlopsbridge.mlflow.MlflowConfig;
import io.mlopsbridge.train.KubeflowTraining;
import io.mlopsbridge.train.KubeflowTrainingRequest;
import io.mlopsbridge.train.LocalTraining;
import io.mlopsbridge.train.LocalTrainingRequest;
import io.mlopsbridge.train.OpenTrainingRun;
import io.mlopsbridge.train.TrainInputNames;
import io.mlopsbridge.train.TrainingResult;
import io.mlopsbridge.wait.WaitPolicy;
import io.mlopsbridge.wait.WaitScheduler;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "train", sortOptions = false,
        description = "Trains a model and reports its status, MLflow run and metrics, on Kubeflow Pipelines or with a"
                + " local command.%n%nWith --kubeflow PIPELINE.yaml: checks the --param values against the"
                + " parameters the compiled pipeline declares, publishes it as a pipeline version named after"
                + " --release-version, runs it and waits, logging every run and task state change; Ctrl-C or"
                + " SIGTERM terminates the run and marks its MLflow run KILLED (exit 130/143). Metrics come back"
                + " through MLflow, as docs/kubeflow.md describes."
                + "%n%nWith -- COMMAND [ARG...]: runs the command here, without a shell, inside a new MLflow run;"
                + " it sees MLFLOW_TRACKING_URI, MLFLOW_RUN_ID, MLFLOW_EXPERIMENT_ID and MLOPS_RELEASE_VERSION.",
        footer = {"", "Examples:",
            "  mlops train --kubeflow pipeline.yaml --kfp-url http://ml-pipeline-ui \\",
            "      --release-version 1.4.0 --param n_estimators=300 --timeout 2h --json",
            "  mlops train --experiment fraud-detection --release-version 1.4.0 -- \\",
            "      python train.py --n-estimators 50",
            "", "Kubeflow token: $KFP_TOKEN, or a token file re-read on every request",
            "(--kfp-token-file or $KF_PIPELINES_SA_TOKEN_PATH).",
            "", "Exit codes: 0 trained, 2 input error, 3 training failed or remote error, 130/143 aborted."})
final class TrainCommand implements Callable<Integer> {
    @Mixin
    HelpOption help;

    static final String KFP_URL = "KFP_URL";
    static final String KFP_TOKEN = "KFP_TOKEN";
    static final String KFP_TOKEN_PATH = "KF_PIPELINES_SA_TOKEN_PATH";
    /** The options only a Kubeflow training reads. */
    private static final List<String> KUBEFLOW_ONLY = List.of("--kfp-url", "--kfp-ui-url", "--kfp-namespace",
            "--kfp-token-file", "--pipeline-name", "--param", "--service-account");

    @ParentCommand
    MlopsCommand parent;

    @Option(names = "--kubeflow", paramLabel = "PIPELINE.yaml",
            description = "Compiled Kubeflow pipeline (kfp SDK 2.x YAML) to run.")
    Path pipeline;

    @Option(names = "--kfp-url", paramLabel = "URL", description = "KFP API URL (default: $KFP_URL).")
    String kfpUrl;

    @Option(names = "--kfp-ui-url", paramLabel = "URL", description = "KFP UI URL for links (default: the API URL).")
    String kfpUiUrl;

    @Option(names = "--kfp-namespace", paramLabel = "NS", description = "Profile namespace (multi-user installs).")
    String namespace;

    @Option(names = "--kfp-token-file", paramLabel = "FILE",
            description = "Service-account token file, re-read on every request (default: $KF_PIPELINES_SA_TOKEN_PATH).")
    Path tokenFile;

    @Option(names = "--pipeline-name", paramLabel = "NAME",
            description = "KFP pipeline to publish to (default: the pipeline's pipelineInfo.name).")
    String pipelineName;

    @Option(names = "--param", paramLabel = "NAME=VALUE",
            description = "Runtime parameter, repeatable; checked against the pipeline's declared types.")
    Map<String, String> params = new LinkedHashMap<>();

    @Option(names = "--experiment", paramLabel = "NAME",
            description = "KFP and MLflow experiment (default with --kubeflow: the pipeline name).")
    String experiment;

    @Option(names = "--release-version", paramLabel = "VERSION",
            description = "Release version: names the pipeline version and is passed to the training "
                    + "(default: $MLOPS_RELEASE_VERSION); 1-128 letters, digits, '.', '_', '+' or '-', as register"
                    + " requires.")
    String releaseVersion;

    @Option(names = "--run-name", paramLabel = "NAME", description = "Name of the KFP or MLflow run.")
    String runName;

    @Option(names = "--service-account", paramLabel = "SA", description = "Kubernetes service account of the run.")
    String serviceAccount;

    @Option(names = "--timeout", paramLabel = "DURATION",
            description = "Give up (and terminate the run or kill the command) after this long, e.g. 90s, 30m, "
                    + "2h, 1h30m (default: 6h on Kubeflow, 2h locally).")
    String timeout;

    @Option(names = "--json", description = "Print the result as JSON on stdout.")
    boolean json;

    @Mixin
    MlflowOptions mlflowOptions;

    @Parameters(paramLabel = "COMMAND", description = "Local training command and its arguments, after '--'.")
    List<String> command = List.of();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        CliContext context = parent.context();
        if (pipeline == null && command.isEmpty()) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "give --kubeflow PIPELINE.yaml or a local command after '--'");
        }
        if (pipeline != null && !command.isEmpty()) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "give either --kubeflow PIPELINE.yaml or a local command after '--', not both");
        }
        EmptyOption.refuse(releaseVersion, "--release-version", "give the release version, e.g. --release-version"
                + " 1.4.0, or leave --release-version out to use $MLOPS_RELEASE_VERSION");
        String release = release(context.env());
        TrainingResult result = pipeline != null ? kubeflow(context, release) : local(context, release);
        context.printResult(json, result.toJson(), plain(result));
        result.requireSucceeded();
        return ExitCode.OK;
    }

    /**
     * The release, checked by register's rule before the training run is created: a version register would refuse
     * would otherwise be found out only after the training. A blank variable counts as unset.
     */
    private String release(Map<String, String> env) {
        if (releaseVersion != null) {
            return ReleaseVersion.given(releaseVersion, "--release-version").value();
        }
        String fromEnv = env.get(OpenTrainingRun.RELEASE_VERSION_ENV);
        return fromEnv == null || fromEnv.isBlank() ? null
                : ReleaseVersion.given(fromEnv, "$" + OpenTrainingRun.RELEASE_VERSION_ENV).value();
    }

    private TrainingResult local(CliContext context, String release) {
        refuseKubeflowOptions();
        MlflowClient mlflow = context.mlflow(mlflowOptions.trackingUri);
        LocalTrainingRequest request = new LocalTrainingRequest(command, null, experiment, runName, release, timeout(),
                Map.of());
        // SIGINT/SIGTERM cancel it: the command's process tree is stopped and the run marked KILLED.
        return new LocalTraining(mlflow, context.log()).run(request, context.cancellation());
    }

    /** A Kubeflow option given with a local command would be ignored silently: refused instead, by name. */
    private void refuseKubeflowOptions() {
        for (String option : KUBEFLOW_ONLY) {
            if (spec.commandLine().getParseResult().hasMatchedOption(option)) {
                throw MlopsException.input(option + " only applies to --kubeflow", option.equals("--param")
                        ? "pass arguments to the command itself"
                        : "leave " + option + " out for a local command, or train on Kubeflow with --kubeflow");
            }
        }
    }

    private TrainingResult kubeflow(CliContext context, String release) {
        RepeatedKey.refuse(spec.commandLine().getParseResult(), "--param");
        String url = kfpUrl != null ? kfpUrl : context.env().get(KFP_URL);
        if (url == null || url.isBlank()) {
            throw MlopsException.input("no Kubeflow Pipelines URL given", "pass --kfp-url or set " + KFP_URL);
        }
        PipelineSpecFile spec = PipelineSpecFile.read(pipeline, TrainInputNames.KUBEFLOW);
        KfpConfig config = KfpConfig.of(url).withNamespace(namespace);
        if (kfpUiUrl != null) {
            config = config.withUiUrl(kfpUiUrl);
        }
        config = withToken(config, context.env());
        // The token is masked from its first read, and a token file's next token the moment it is re-read.
        config = config.withCredentials(config.credentials().reportingSecretsTo(context::maskAlso));
        config.credentials().secrets().forEach(context::maskAlso);
        BuildLog log = context.log();
        MlflowClient mlflow = mlflowOptions.trackingUri != null || context.env().get(MlflowConfig.TRACKING_URI) != null
                ? context.mlflow(mlflowOptions.trackingUri) : null;
        if (mlflow == null) {
            log.warn("no MLflow tracking URI: the result will have no metrics (set --tracking-uri or "
                    + "MLFLOW_TRACKING_URI)");
        }
        KubeflowTrainingRequest request = new KubeflowTrainingRequest(spec, pipelineName,
                release, experiment, params, runName, serviceAccount,
                WaitPolicy.withDefaults().withTimeout(timeout != null ? timeout() : WaitPolicy.DEFAULT_TIMEOUT));
        // SIGINT/SIGTERM (Ctrl-C, a CI system stopping the job) terminate the remote run instead of orphaning it.
        return new KubeflowTraining(new KfpClient(config), mlflow, log, WaitScheduler.shared())
                .run(request, context.cancellation());
    }

    private KfpConfig withToken(KfpConfig config, Map<String, String> env) {
        Path file = tokenFile;
        if (file == null && env.get(KFP_TOKEN_PATH) != null) {
            file = Path.of(env.get(KFP_TOKEN_PATH));
        }
        if (file != null) {
            return config.withTokenFile(file);
        }
        String token = env.get(KFP_TOKEN);
        return token != null && !token.isBlank() ? config.withToken(token, "$" + KFP_TOKEN) : config;
    }

    static String plain(TrainingResult r) {
        StringBuilder s = new StringBuilder(r.status());
        if (r.mlflowRunId() != null) {
            s.append("  MLflow run ").append(r.mlflowRunId());
        }
        if (r.kfpRunId() != null) {
            s.append("  KFP run ").append(r.kfpRunUrl());
        }
        r.metrics().forEach((k, v) -> s.append(System.lineSeparator()).append("  ").append(k).append(" = ").append(v));
        return s.toString();
    }

    /** The --timeout, or null for the backend's default. */
    private Duration timeout() {
        return timeout == null ? null : DurationText.parse(timeout, "--timeout");
    }
}
