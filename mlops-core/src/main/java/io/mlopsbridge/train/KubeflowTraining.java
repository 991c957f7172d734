package io.mlopsbridge.train;

import static io.mlopsbridge.kfp.KfpInputNames.KUBEFLOW_NAMESPACE;

import io.mlopsbridge.core.Cancellation;
import io.mlopsbridge.core.InterruptShield;
import io.mlopsbridge.core.MlopsException;
import io.mlopsbridge.kfp.KfpClient;
import io.mlopsbridge.kfp.KfpExperiment;
import io.mlopsbridge.kfp.KfpRun;
import io.mlopsbridge.kfp.KfpRunWaiter;
import io.mlopsbridge.kfp.ParameterSpec;
import io.mlopsbridge.kfp.PipelineUploader;
import io.mlopsbridge.kfp.RunRequest;
import io.mlopsbridge.kfp.RunState;
import io.mlopsbridge.kfp.RuntimeParameters;
import io.mlopsbridge.log.BuildLog;
import io.mlopsbridge.mlflow.Experiment;
import io.mlopsbridge.mlflow.MlflowClient;
import io.mlopsbridge.mlflow.Run;
import io.mlopsbridge.mlflow.RunStatus;
import io.mlopsbridge.mlflow.Tag;
import io.mlopsbridge.wait.RemoteOperation;
import io.mlopsbridge.wait.Wait;
import io.mlopsbridge.wait.WaitHandle;
import io.mlopsbridge.wait.WaitScheduler;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Trains by running a compiled pipeline on Kubeflow Pipelines: check parameters, publish the pipeline as a version
 * named after the release, create the run, wait on the shared scheduler, and get the metrics back through MLflow
 * (an MLflow run passed as {@code mlflow_run_id} when the pipeline declares it, else the KFP MLflow plugin).
 * See docs/kubeflow.md.
 */
public final class KubeflowTraining {
    /** Filled with the release version when the pipeline declares it and the user did not set it. */
    public static final String RELEASE_VERSION_PARAMETER = "release_version";
    /** Filled with the MLflow run the step creates, which the pipeline logs its metrics to. */
    public static final String MLFLOW_RUN_ID_PARAMETER = "mlflow_run_id";
    /** Filled with the step's MLflow tracking URI. */
    public static final String MLFLOW_TRACKING_URI_PARAMETER = "mlflow_tracking_uri";

    private final KfpClient kfp;
    private final MlflowClient mlflow;
    private final BuildLog log;
    private final WaitScheduler scheduler;
    private final Clock clock = Clock.systemUTC();

    /** {@code mlflow} may be null: the run then comes back without metrics. */
    public KubeflowTraining(KfpClient kfp, MlflowClient mlflow, BuildLog log, WaitScheduler scheduler) {
        this.kfp = Objects.requireNonNull(kfp, "kfp");
        this.mlflow = mlflow;
        this.log = Objects.requireNonNull(log, "log");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
    }

    /**
     * Checks, publishes and starts the run, and returns without waiting. Each phase (validation, upload, MLflow
     * run, run creation) honours {@code cancellation}: a cancel ends what was created (a run create in flight is let
     * finish so its id is known, then terminated) and throws {@link MlopsException#aborted} saying so.
     */
    public KfpTrainingHandle submit(KubeflowTrainingRequest request, Cancellation cancellation) {
        cancellation.throwIfCancelled();
        Map<String, ParameterSpec> declared = request.pipeline().parametersByName();
        boolean passRunId = mlflow != null && declared.containsKey(MLFLOW_RUN_ID_PARAMETER)
                && !request.parameters().containsKey(MLFLOW_RUN_ID_PARAMETER);
        Map<String, Object> given = new LinkedHashMap<>(request.parameters());
        if (declared.containsKey(RELEASE_VERSION_PARAMETER)) {
            given.putIfAbsent(RELEASE_VERSION_PARAMETER, request.releaseVersion());
        }
        if (passRunId) {
            given.put(MLFLOW_RUN_ID_PARAMETER, "to be created"); // checked as a string now, replaced below
            if (declared.containsKey(MLFLOW_TRACKING_URI_PARAMETER)) {
                given.putIfAbsent(MLFLOW_TRACKING_URI_PARAMETER, mlflow.config().trackingUri().toString());
            }
        }
        Map<String, Object> parameters = RuntimeParameters.bind(request.pipelineName(),
                request.pipeline().parameters(), given);
        KfpClient calls = kfp.cancelledBy(cancellation);
        Run mlflowRun = null;
        KfpTrainingHandle handle;
        try {
            requireNamespaceIfMultiUser(calls);
            cancellation.throwIfCancelled();
            PipelineUploader.Published published = new PipelineUploader(calls, log)
                    .publish(request.pipeline(), request.pipelineName(), request.releaseVersion());
            cancellation.throwIfCancelled();
            KfpExperiment experiment = calls.findOrCreateExperiment(request.experimentName());
            cancellation.throwIfCancelled();

            Map<String, Object> plugins = Map.of();
            if (passRunId) {
                mlflowRun = createMlflowRun(request);
                parameters.put(MLFLOW_RUN_ID_PARAMETER, mlflowRun.runId());
                cancellation.throwIfCancelled();
            } else if (mlflow != null) {
                plugins = Map.of("mlflow", Map.of("experiment_name", request.experimentName()));
            }
            // The token makes the description unique, so a run whose creation answer was lost can be found again.
            String description = "Release " + request.releaseVersion() + " trained by MLOps Bridge (request "
                    + UUID.randomUUID().toString().substring(0, 8) + ")";
            RunRequest runRequest = new RunRequest(request.runName(), description, experiment.experimentId(),
                    new RunRequest.PipelineVersionReference(published.pipeline().pipelineId(),
                            published.version().pipelineVersionId()),
                    new RunRequest.RuntimeConfig(parameters, null), request.serviceAccount(), plugins);
            String runId = new KfpRunWaiter(calls).create(runRequest, log).runId();
            handle = new KfpTrainingHandle(runId, published.pipeline().pipelineId(),
                    published.version().pipelineVersionId(), mlflowRun == null ? null : mlflowRun.runId(),
                    mlflowRun == null ? null : mlflowRun.info().experimentId(), request.experimentName(),
                    request.releaseVersion(), WaitHandle.start(runId, request.waitPolicy(), clock),
                    request.waitPolicy());
        } catch (RuntimeException e) {
            String mlflowRunId = mlflowRun == null ? null : mlflowRun.runId();
            if (cancellation.isCancelled()) {
                throw MlopsException.aborted(cleanUp(null, mlflowRunId), e);
            }
            if (mlflowRunId != null) {
                mlflow.endRun(mlflowRunId, RunStatus.FAILED); // leave no RUNNING run behind
            }
            throw e;
        }
        // The run exists now: a cancel that came while its create was in flight terminates it at once.
        if (cancellation.isCancelled()) {
            throw MlopsException.aborted(abort(handle), null);
        }
        if (handle.mlflowRunId() != null) {
            mlflow.setRunTag(handle.mlflowRunId(), "kfp.run_id", handle.kfpRunId());
            mlflow.setRunTag(handle.mlflowRunId(), "kfp.run_url", kfp.config().runUrl(handle.kfpRunId()));
        }
        return handle;
    }

    /** Polls and cancels the KFP run of a handle; give it to a {@link io.mlopsbridge.wait.Poller} or a scheduler. */
    public RemoteOperation<KfpRun> operation() {
        return new KfpRunWaiter(kfp);
    }

    /** Today's result for a run that reached a final state: ends the MLflow run to match and reads the metrics. */
    public TrainingResult complete(KfpTrainingHandle handle, KfpRun finished) {
        return result(handle, finished);
    }

    /**
     * Cleans up a submitted training that is being aborted: terminates the KFP run and marks the step's MLflow run
     * KILLED, neither call cut off by an interrupt of this thread ({@link InterruptShield}: an abort pressed again),
     * so only the clients' timeouts bound them. Never throws; returns one line saying what was done, e.g.
     * {@code KFP run 5b1c… terminated; MLflow run 67d4… KILLED}.
     */
    public String abort(KfpTrainingHandle handle) {
        return cleanUp(handle.kfpRunId(), handle.mlflowRunId());
    }

    /**
     * Cleans up a training aborted while it was being completed: its KFP run has ended, and KFP refuses to terminate
     * an ended run, so only the step's MLflow run is ended to match it, as the completion would have (the abort may
     * have cut that call short and left the run RUNNING). Never throws; returns one line saying what was done, e.g.
     * {@code KFP run 5b1c… had ended SUCCEEDED; MLflow run 67d4… FINISHED}.
     */
    public String abortCompletion(KfpTrainingHandle handle, KfpRun ended) {
        String summary = "KFP run " + ended.runId() + " had ended " + ended.state();
        return handle.mlflowRunId() == null ? summary
                : summary + "; " + endMlflowRun(handle.mlflowRunId(), mlflowStatus(ended.state()));
    }

    /** Submits and waits on the scheduler (the CLI); a cancel at any moment ends in {@link #abort}. */
    public TrainingResult run(KubeflowTrainingRequest request, Cancellation cancellation) {
        KfpTrainingHandle handle = submit(request, cancellation);
        Wait<KfpRun> wait = scheduler.resume(handle.waitHandle(), operation(), handle.policy(), log);
        KfpRun finished;
        try (Cancellation.Registration stop = cancellation.onCancel(wait::abandon)) {
            finished = wait.await();
        } catch (RuntimeException e) {
            if (cancellation.isCancelled()) {
                throw MlopsException.aborted(abort(handle), e);
            }
            if (handle.mlflowRunId() != null) {
                mlflow.endRun(handle.mlflowRunId(), RunStatus.KILLED);
            }
            throw e;
        }
        return complete(handle, finished);
    }

    private String cleanUp(String kfpRunId, String mlflowRunId) {
        List<String> done = new ArrayList<>();
        if (kfpRunId != null) {
            try {
                // Shielded as the MLflow run's end is (see endMlflowRun): cut off, it would leave the run going.
                InterruptShield.call("kfp-terminate-run", () -> {
                    kfp.terminateRun(kfpRunId);
                    return null;
                });
                done.add("KFP run " + kfpRunId + " terminated");
            } catch (MlopsException e) {
                done.add("KFP run " + kfpRunId + " could not be terminated and may still be running ("
                        + e.getMessage() + ")");
            }
        }
        if (mlflowRunId != null) {
            done.add(endMlflowRun(mlflowRunId, RunStatus.KILLED));
        }
        String summary = done.isEmpty() ? "training cancelled before anything was created" : String.join("; ", done);
        return summary;
    }

    /**
     * Ends the step's MLflow run for a clean-up, which never throws: says what was done. A further interrupt of this
     * thread (a Jenkins abort pressed again) does not cut the call off and leave the run RUNNING: it runs through
     * {@link InterruptShield}, so it is bounded by the client's own timeouts only (the short ones of a clean-up).
     */
    private String endMlflowRun(String mlflowRunId, RunStatus status) {
        try {
            InterruptShield.call("mlflow-end-run", () -> mlflow.endRun(mlflowRunId, status));
            return "MLflow run " + mlflowRunId + " " + status;
        } catch (MlopsException e) {
            return "MLflow run " + mlflowRunId + " could not be marked " + status + " (" + e.getMessage() + ")";
        }
    }

    /** The MLflow status that mirrors how the KFP run ended. */
    private static RunStatus mlflowStatus(RunState ended) {
        return switch (ended) {
            case SUCCEEDED -> RunStatus.FINISHED;
            case CANCELED -> RunStatus.KILLED;
            default -> RunStatus.FAILED;
        };
    }

    private TrainingResult result(KfpTrainingHandle handle, KfpRun run) {
        String runUrl = kfp.config().runUrl(run.runId());
        String mlflowRunId = null;
        String mlflowExperimentId = null;
        Map<String, Double> metrics = Map.of();
        if (handle.mlflowRunId() != null) {
            mlflowRunId = handle.mlflowRunId();
            mlflow.endRun(mlflowRunId, mlflowStatus(run.state()));
            mlflowExperimentId = handle.mlflowExperimentId();
            metrics = mlflow.getRun(mlflowRunId).data().metricValues();
        } else if (mlflow != null) {
            Optional<String> root = run.mlflowRootRunId();
            if (root.isPresent()) {
                mlflowRunId = root.get();
                Run rootRun = mlflow.getRun(mlflowRunId);
                mlflowExperimentId = rootRun.info().experimentId();
                metrics = pluginMetrics(rootRun);
            } else {
                log.warn("KFP run " + run.runId() + " came back without an MLflow run: the server has no MLflow"
                        + " plugin and the pipeline declares no '" + MLFLOW_RUN_ID_PARAMETER + "' parameter,"
                        + " so there are no metrics (see docs/kubeflow.md)");
            }
        }
        boolean succeeded = run.state() == RunState.SUCCEEDED;
        String failure = succeeded ? null : "KFP run " + run.runId() + " ended " + run.state()
                + run.failureReason().map(r -> ": " + r).orElse("");
        log.info("KFP run " + run.runId() + " " + run.state() + (metrics.isEmpty() ? "" : ": " + metrics));
        return new TrainingResult(TrainingResult.KUBEFLOW, run.state().name(), succeeded, mlflowRunId,
                mlflowExperimentId, metrics, run.runId(), runUrl, handle.pipelineId(), handle.pipelineVersionId(),
                handle.releaseVersion(), failure);
    }

    /** The plugin logs each task in a nested run; the root's own metrics win over the tasks'. */
    private Map<String, Double> pluginMetrics(Run root) {
        Map<String, Double> metrics = new LinkedHashMap<>();
        String filter = "tags.mlflow.parentRunId = '" + root.runId() + "'";
        for (Run child : mlflow.searchRuns(List.of(root.info().experimentId()), filter, 100, null).items()) {
            child.data().metricValues().forEach(metrics::putIfAbsent);
        }
        metrics.putAll(root.data().metricValues());
        return metrics;
    }

    private Run createMlflowRun(KubeflowTrainingRequest request) {
        Experiment experiment = mlflow.getOrCreateExperiment(request.experimentName());
        List<Tag> tags = new ArrayList<>();
        tags.add(new Tag("mlops.release_version", request.releaseVersion()));
        tags.add(new Tag("mlflow.source.type", "PIPELINE"));
        tags.add(new Tag("mlflow.source.name", request.pipelineName()));
        Run run = mlflow.createRun(experiment.experimentId(), request.runName(), tags);
        log.info("MLflow run " + run.runId() + " created for the pipeline to log to (parameter "
                + MLFLOW_RUN_ID_PARAMETER + ")");
        return run;
    }

    private void requireNamespaceIfMultiUser(KfpClient calls) {
        if (kfp.config().namespaceIfSet().isEmpty() && calls.healthz().multiUser()) {
            throw MlopsException.input("Kubeflow Pipelines at " + kfp.config().displayUrl()
                    + " runs in multi-user mode, so runs need a namespace", "pass your profile namespace with "
                    + KUBEFLOW_NAMESPACE + " (the service account needs the kubeflow-edit role there)");
        }
    }
}
