package io.jenkins.plugins.mlops.train;

import hudson.FilePath;
import io.jenkins.plugins.mlops.AbortedStep;
import io.jenkins.plugins.mlops.InterruptibleWork;
import io.jenkins.plugins.mlops.ReleaseVersions;
import io.jenkins.plugins.mlops.RemoteSession;
import io.jenkins.plugins.mlops.ResultMap;
import io.jenkins.plugins.mlops.StepEnvironment;
import io.jenkins.plugins.mlops.StepFailure;
import io.jenkins.plugins.mlops.WaitDurations;
import io.jenkins.plugins.mlops.action.ModelActivity;
import io.jenkins.plugins.mlops.config.CredentialsLookup;
import io.jenkins.plugins.mlops.config.KfpSettings;
import io.jenkins.plugins.mlops.config.MlflowSettings;
import io.jenkins.plugins.mlops.config.MlopsConfiguration;
import io.mlopsbridge.core.Cancellation;
import io.mlopsbridge.core.ErrorKind;
import io.mlopsbridge.core.MlopsException;
import io.mlopsbridge.http.HttpSettings;
import io.mlopsbridge.kfp.KfpClient;
import io.mlopsbridge.kfp.KfpConfig;
import io.mlopsbridge.kfp.KfpRun;
import io.mlopsbridge.kfp.PipelineSpecFile;
import io.mlopsbridge.log.BuildLog;
import io.mlopsbridge.log.SecretMasker;
import io.mlopsbridge.mlflow.MlflowClient;
import io.mlopsbridge.mlflow.MlflowConfig;
import io.mlopsbridge.train.KfpTrainingHandle;
import io.mlopsbridge.train.KubeflowTraining;
import io.mlopsbridge.train.KubeflowTrainingRequest;
import io.mlopsbridge.train.TrainingResult;
import io.mlopsbridge.wait.RemoteOperation;
import io.mlopsbridge.wait.Wait;
import io.mlopsbridge.wait.WaitPolicy;
import io.mlopsbridge.wait.WaitScheduler;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.function.Supplier;

/**
 * Kubeflow training in a build, the same for the durable {@code trainModel(kubeflow: ...)} step (one session per
 * timer tick, see {@link KubeflowTrainingExecution}) and the Freestyle build step, which waits in its
 * {@link #waitFor} on the engine's scheduler: the pipeline file from the workspace, the request, the completed
 * result recorded on the build, and the abort.
 */
final class KubeflowTrainingSession implements RemoteSession<KfpTrainingHandle, KfpRun> {
    /** Polls are retried by the wait, not by sleeping in the HTTP client (see the wait package). */
    private static final HttpSettings POLLING = HttpSettings.defaults().withMaxAttempts(1);

    private final TrainSpec spec;
    private final FilePath workspace;
    private final StepEnvironment build;
    private final MlopsConfiguration global;
    private final KfpConfig kfp;
    private final MlflowConfig mlflow;
    private final BuildLog log;
    private final SecretMasker masker;

    KubeflowTrainingSession(TrainSpec spec, FilePath workspace, StepEnvironment build, MlopsConfiguration global,
                            KfpConfig kfp, MlflowConfig mlflow, BuildLog log, SecretMasker masker) {
        this.spec = spec;
        this.workspace = workspace;
        this.build = build;
        this.global = global;
        this.kfp = kfp;
        this.mlflow = mlflow;
        this.log = log;
        this.masker = masker;
    }

    /**
     * The Freestyle build step: submits and waits on the engine's scheduler (the executor thread only blocks on
     * the result); an abort, during the submission, the wait or the completion, cleans up what was started (see
     * {@link #awaitAndComplete}), says so in one line and ends the step with an InterruptedException, so that the
     * build ends ABORTED. A failed training or any other error fails the build with one masked line.
     */
    static Map<String, Object> waitFor(TrainSpec spec, StepEnvironment build, FilePath workspace)
            throws InterruptedException, IOException {
        SecretMasker masker = SecretMasker.none();
        try (KubeflowTrainingSession session = forBuild(spec, build, workspace)) {
            masker = session.masker();
            return session.awaitAndComplete(session.submitAbortably());
        } catch (InterruptedException aborted) {
            throw aborted;
        } catch (Exception e) {
            // Nothing of ours is left running here (a failed submission has cleaned up after itself), but an abort
            // may still come back as another failure (see AbortedStep); awaitAndComplete has already told them apart.
            AbortedStep.rethrowIfAborted(e);
            throw StepFailure.of(e, masker);
        }
    }

    /**
     * Waits for a submitted training and completes it on the executor thread. An abort ends the KFP run and the
     * MLflow run; it arrives as an interrupt while waiting, or in disguise (a completion's MLflow call cut by it, a
     * failure while the thread's interrupt is set, see {@link AbortedStep}): a run still going is terminated, one
     * that has ended is left as it ended and its MLflow run ended to match.
     */
    private Map<String, Object> awaitAndComplete(KfpTrainingHandle handle) throws Exception {
        Wait<KfpRun> wait = WaitScheduler.shared().resume(handle.waitHandle(), operation(), handle.policy(), log);
        KfpRun finished;
        try {
            finished = wait.await();
        } catch (CancellationException interrupted) {
            if (!Thread.interrupted()) {
                throw interrupted;
            }
            wait.abandon();
            throw new InterruptedException("aborted: " + abort(handle));
        } catch (RuntimeException e) {
            throw abortedOr(e, () -> abort(handle));
        }
        try {
            return complete(handle, finished);
        } catch (Exception e) {
            throw abortedOr(e, () -> {
                String summary = abortingEngine().abortCompletion(handle, finished);
                log.warn("aborted: " + summary);
                return summary;
            });
        }
    }

    /**
     * {@code failure} itself, or, when it is an abort, an InterruptedException saying what {@code cleanUp} did (run
     * with the thread's interrupt cleared, so that its calls go through).
     */
    private static Exception abortedOr(Exception failure, Supplier<String> cleanUp) {
        try {
            AbortedStep.rethrowIfAborted(failure);
            return failure;
        } catch (InterruptedException aborted) {
            InterruptedException cleanedUp = new InterruptedException("aborted: " + cleanUp.get());
            cleanedUp.initCause(failure);
            return cleanedUp;
        }
    }

    /**
     * Submits on a thread of its own ({@link InterruptibleWork}) while the executor thread only waits for it, so that
     * an interrupt (the build aborted) cancels the submission through the engine's {@link Cancellation}: HTTP calls in
     * flight are cut, and a run whose create was in flight is terminated once its id is known; a submission that
     * finished before it saw the cancel has its run terminated here. Then it says what was cleaned up and rethrows
     * the interrupt.
     */
    private KfpTrainingHandle submitAbortably() throws IOException, InterruptedException {
        Cancellation cancellation = Cancellation.create();
        return InterruptibleWork.run("trainModel: submit to Kubeflow Pipelines", cancellation,
                () -> submit(cancellation), (interrupt, submitted, failure) -> new InterruptedException("aborted: "
                        + (submitted != null ? abort(submitted.handle()) : cleanedUpBy(failure)))).handle();
    }

    /** Logs the one line of what a cancelled submission cleaned up itself, or how it failed meanwhile. */
    private String cleanedUpBy(Throwable failure) {
        String summary = failure instanceof MlopsException m && m.kind() == ErrorKind.ABORTED ? m.getMessage()
                : "the submission failed: " + StepFailure.of(failure, masker).getMessage();
        log.warn("aborted: " + summary);
        return summary;
    }

    /** The servers and credentials of a build: once for a Freestyle build, on every tick for the durable step. */
    static KubeflowTrainingSession forBuild(TrainSpec spec, StepEnvironment build, FilePath workspace) {
        MlopsConfiguration global = MlopsConfiguration.get();
        CredentialsLookup credentials = new CredentialsLookup(build.run());
        KfpConfig kfp = KfpSettings.resolve(spec.kubeflowUrl(), spec.kubeflowUiUrl(), spec.kubeflowCredentialsId(),
                spec.kubeflowNamespace(), global, credentials, HttpSettings.defaults());
        MlflowConfig mlflow = spec.mlflowUrl() == null && global.getMlflowUrl() == null ? null
                : MlflowSettings.resolve(spec.mlflowUrl(), spec.mlflowCredentialsId(), global, credentials);
        List<String> secrets = new ArrayList<>(kfp.credentials().secrets());
        if (mlflow != null) {
            secrets.addAll(mlflow.credentials().secrets());
        }
        return new KubeflowTrainingSession(spec, workspace, build, global, kfp, mlflow, build.log(secrets),
                SecretMasker.of(secrets));
    }

    private KubeflowTraining engine(HttpSettings http) {
        return engine(http, mlflow);
    }

    private KubeflowTraining engine(HttpSettings http, MlflowConfig mlflowConfig) {
        return new KubeflowTraining(new KfpClient(kfp.withHttp(http)),
                mlflowConfig == null ? null : new MlflowClient(mlflowConfig), log, WaitScheduler.shared());
    }

    @Override
    public BuildLog log() {
        return log;
    }

    @Override
    public SecretMasker masker() {
        return masker;
    }

    @Override
    public Submission<KfpTrainingHandle> submit(Cancellation cancellation) throws IOException, InterruptedException {
        log.info("Kubeflow Pipelines: " + kfp.displayUrl() + " (" + kfp.credentials() + ")");
        if (mlflow == null) {
            log.warn("no MLflow server configured: the result will have no metrics (set mlflowUrl)");
        }
        KubeflowTrainingRequest request = new KubeflowTrainingRequest(pipeline(), spec.pipelineName(),
                ReleaseVersions.resolve(spec.releaseVersion(), global, build), spec.experiment(),
                spec.parameters(), spec.runName(), spec.serviceAccount(), policy());
        return Submission.pending(engine(HttpSettings.defaults()).submit(request, cancellation));
    }

    private PipelineSpecFile pipeline() throws IOException, InterruptedException {
        FilePath file = workspace.child(spec.kubeflow());
        if (!file.exists()) {
            throw MlopsException.input("kubeflow: pipeline file " + spec.kubeflow()
                    + " is not in the workspace", "give the YAML the kfp compiler wrote, relative to the "
                    + "workspace, e.g. kubeflow: 'pipeline.yaml'");
        }
        return PipelineSpecFile.parse(spec.kubeflow(), file.readToString().getBytes(StandardCharsets.UTF_8));
    }

    private WaitPolicy policy() {
        WaitPolicy policy = WaitPolicy.withDefaults();
        if (spec.timeout() != null) {
            policy = policy.withTimeout(WaitDurations.timeout(spec.timeout()));
        }
        if (spec.pollInterval() != null) {
            Duration every = WaitDurations.pollInterval(spec.pollInterval());
            policy = policy.withIntervals(every, every);
        }
        return policy;
    }

    @Override
    public RemoteOperation<KfpRun> operation() {
        return engine(POLLING).operation();
    }

    @Override
    public Map<String, Object> complete(KfpTrainingHandle handle, KfpRun finished) throws IOException {
        TrainingResult result = engine(HttpSettings.defaults()).complete(handle, finished);
        log.info("KFP run " + result.kfpRunId() + " " + result.status() + " (" + result.kfpRunUrl() + ")");
        ModelActivity.trained(build.run(), result, mlflow == null ? null : mlflow.displayUri());
        result.requireSucceeded();
        return ResultMap.of(result.toJson(), masker);
    }

    @Override
    public String abort(KfpTrainingHandle handle) {
        String summary = abortingEngine().abort(handle);
        log.warn("aborted: " + summary);
        return summary;
    }

    /** A clean-up after an abort is quick: a server that does not answer soon is reported, not waited for. */
    private KubeflowTraining abortingEngine() {
        HttpSettings quick = HttpSettings.defaults().withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(10))
                .withMaxAttempts(2);
        return engine(quick, mlflow == null ? null : mlflow.withHttp(quick));
    }
}
