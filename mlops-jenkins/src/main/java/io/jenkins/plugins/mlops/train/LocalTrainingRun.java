package io.jenkins.plugins.mlops.train;

import io.jenkins.plugins.mlops.InterruptibleWork;
import io.jenkins.plugins.mlops.ReleaseVersions;
import io.jenkins.plugins.mlops.StepEnvironment;
import io.jenkins.plugins.mlops.action.ModelActivity;
import io.jenkins.plugins.mlops.config.CredentialsLookup;
import io.jenkins.plugins.mlops.config.MlflowSettings;
import io.jenkins.plugins.mlops.config.MlopsConfiguration;
import io.mlopsbridge.core.Cancellation;
import io.mlopsbridge.core.MlopsException;
import io.mlopsbridge.log.BuildLog;
import io.mlopsbridge.log.SecretMasker;
import io.mlopsbridge.mlflow.MlflowClient;
import io.mlopsbridge.mlflow.MlflowConfig;
import io.mlopsbridge.mlflow.RunStatus;
import io.mlopsbridge.train.LocalTraining;
import io.mlopsbridge.train.OpenTrainingRun;
import io.mlopsbridge.train.TrainingResult;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * Local training in a build, the same for the {@code trainModel { ... }} block and the Freestyle build step's local
 * command: the MLflow server and credentials of the build, the run opened before the training and closed with its
 * outcome, and the training recorded on the build's MLOps record. Made afresh for each half (nothing of it is
 * persisted; a block resumed after a restart closes its run with a new one).
 */
final class LocalTrainingRun {
    private final TrainSpec spec;
    private final StepEnvironment build;
    private final MlflowConfig mlflow;
    private final SecretMasker masker;
    private final BuildLog log;
    private final LocalTraining training;

    private LocalTrainingRun(TrainSpec spec, StepEnvironment build, MlflowConfig mlflow) {
        this.spec = spec;
        this.build = build;
        this.mlflow = mlflow;
        this.masker = SecretMasker.of(mlflow.credentials().secrets());
        this.log = build.log(mlflow.credentials().secrets());
        this.training = new LocalTraining(new MlflowClient(mlflow), log);
    }

    /** Resolves the MLflow server and credentials (no remote call); an input error names the parameter. */
    static LocalTrainingRun of(TrainSpec spec, StepEnvironment build) {
        return new LocalTrainingRun(spec, build, MlflowSettings.resolve(spec.mlflowUrl(), spec.mlflowCredentialsId(),
                MlopsConfiguration.get(), new CredentialsLookup(build.run())));
    }

    /** Opens the run in the spec's experiment (default: the job's name). */
    OpenTrainingRun open() {
        return open(Cancellation.none());
    }

    /**
     * {@link #open()}, honouring {@code cancellation}: a cancel cuts the experiment lookup off (nothing is created)
     * or, once the run's create is sent, lets it finish and ends the run KILLED; either way it throws the engine's
     * aborted error saying so.
     */
    OpenTrainingRun open(Cancellation cancellation) {
        String job = build.variables().getOrDefault("JOB_NAME", "jenkins");
        String experiment = spec.experiment() != null ? spec.experiment() : job;
        return training.open(experiment, spec.runName(),
                ReleaseVersions.resolve(spec.releaseVersion(), MlopsConfiguration.get(), build), "jenkins " + job,
                cancellation);
    }

    /**
     * {@link #open()} on a thread of its own ({@link InterruptibleWork}), for the Freestyle build step, whose
     * executor thread an abort interrupts: the experiment lookup in flight is cut off (a hung MLflow would hold the
     * abort for its read timeout), a run whose create was already sent is ended KILLED, the console says which, and
     * the interrupt is rethrown.
     */
    OpenTrainingRun openAbortably() throws IOException, InterruptedException {
        Cancellation cancellation = Cancellation.create();
        InterruptibleWork.Interrupted report = InterruptibleWork.reportingTo(log, "opening the MLflow run");
        return InterruptibleWork.run("trainModel: open the MLflow run", cancellation, () -> open(cancellation),
                (interrupt, late, failure) -> {
                    if (late == null) {
                        return report.ended(interrupt, failure);
                    }
                    // Opened just before the engine saw the abort: ended as it ends a run opened while it sees one.
                    try {
                        training.close(late, RunStatus.KILLED, "the build was aborted");
                        log.warn("aborted: MLflow run " + late.runId() + " KILLED");
                    } catch (MlopsException e) {
                        log.warn("aborted: " + e.getMessage());
                    }
                    return interrupt;
                });
    }

    /** What the training needs to log into {@code run}; holds the credential values (see {@link #secrets()}). */
    Map<String, String> variables(OpenTrainingRun run) {
        return run.environment(mlflow);
    }

    /** The credential values among the variables: to be masked and kept out of anything persisted in plain. */
    List<String> secrets() {
        return mlflow.credentials().secrets();
    }

    /** The build's masked console. */
    BuildLog log() {
        return log;
    }

    SecretMasker masker() {
        return masker;
    }

    /** Ends {@code run} with the training's outcome and records it on the build; {@code why} is masked. */
    TrainingResult close(OpenTrainingRun run, RunStatus status, String why) throws IOException {
        TrainingResult result = training.close(run, status, why == null ? null : masker.mask(why));
        ModelActivity.trained(build.run(), result, mlflow.displayUri());
        return result;
    }
}
