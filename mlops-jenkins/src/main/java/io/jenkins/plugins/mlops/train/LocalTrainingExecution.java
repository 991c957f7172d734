package io.jenkins.plugins.mlops.train;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.console.ConsoleLogFilter;
import io.jenkins.plugins.mlops.ResultMap;
import io.jenkins.plugins.mlops.StepEnvironment;
import io.jenkins.plugins.mlops.StepFailure;
import io.mlopsbridge.core.Cancellation;
import io.mlopsbridge.core.ErrorKind;
import io.mlopsbridge.core.MlopsException;
import io.mlopsbridge.log.SecretMasker;
import io.mlopsbridge.mlflow.RunStatus;
import io.mlopsbridge.train.OpenTrainingRun;
import io.mlopsbridge.train.TrainingResult;
import java.io.Serial;
import java.util.List;
import jenkins.util.Timer;
import org.jenkinsci.plugins.workflow.steps.BodyExecutionCallback;
import org.jenkinsci.plugins.workflow.steps.BodyInvoker;
import org.jenkinsci.plugins.workflow.steps.EnvironmentExpander;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;

/**
 * {@code trainModel(experiment: 'fraud') { sh 'python train.py' }}: opens an MLflow run, runs the block with the run
 * in its environment, and closes the run FINISHED, FAILED or KILLED with the block's outcome. The MLflow calls run on
 * Jenkins' timer, never on the CPS thread; the block itself is Jenkins' (it survives restarts as any block does, and
 * the run is closed when it ends). The block's console is masked ({@link MaskingConsoleFilter}) and its variables
 * ({@link RunVariables}) survive a restart, the credential values encrypted.
 */
final class LocalTrainingExecution extends StepExecution {
    @Serial
    private static final long serialVersionUID = 1L;

    private final TrainSpec spec;
    /** Set by {@link #stop} (under this execution's lock) while the run may still be opening; never persisted. */
    private transient boolean stopped;
    /** Cancelled by {@link #stop}: cuts off the opening's MLflow reads, and ends a run created meanwhile KILLED. */
    private transient Cancellation opening;

    LocalTrainingExecution(StepContext context, TrainSpec spec) {
        super(context);
        this.spec = spec;
    }

    @Override
    public boolean start() {
        opening = Cancellation.create();
        Timer.get().submit(this::open);
        return false;
    }

    private void open() {
        SecretMasker masker = SecretMasker.none();
        LocalTrainingRun training = null;
        try {
            training = LocalTrainingRun.of(spec, StepEnvironment.of(getContext()));
            masker = training.masker();
            OpenTrainingRun run = training.open(opening);
            // The block starts, or the step was stopped first: either the block's callback or this ends the run.
            synchronized (this) {
                if (!stopped) {
                    startBlock(training, run);
                    return;
                }
            }
            training.close(run, RunStatus.KILLED, "the build was aborted before the block started");
        } catch (Throwable failure) {
            if (training != null && failure instanceof MlopsException m && m.kind() == ErrorKind.ABORTED) {
                // Stopped while opening: the step has ended already; the console says what became of the run.
                training.log().warn("aborted: " + m.getMessage());
                return;
            }
            getContext().onFailure(StepFailure.of(failure, masker));
        }
    }

    private void startBlock(LocalTrainingRun training, OpenTrainingRun run) throws Exception {
        List<String> secrets = training.secrets();
        getContext().newBodyInvoker()
                .withContext(EnvironmentExpander.merge(getContext().get(EnvironmentExpander.class),
                        RunVariables.of(training.variables(run), secrets)))
                .withContext(BodyInvoker.mergeConsoleLogFilters(getContext().get(ConsoleLogFilter.class),
                        new MaskingConsoleFilter(secrets)))
                .withCallback(new CloseRun(spec, run))
                .start();
    }

    /**
     * Ends the step at once, as Jenkins does by default. Stopped while the run is being opened, the opening's reads
     * are cut off (nothing is created) or, once its create is sent, the create is let finish; the block will not run
     * (CPS drops a stopped step's block), so the run is closed KILLED here instead.
     */
    @Override
    public void stop(@NonNull Throwable cause) throws Exception {
        synchronized (this) {
            stopped = true;
        }
        if (opening != null) {
            opening.cancel("the build was aborted");
        }
        super.stop(cause);
    }

    /** Closes the run when the block ends, off the CPS thread, and ends the step with the block's outcome. */
    private static final class CloseRun extends BodyExecutionCallback {
        @Serial
        private static final long serialVersionUID = 1L;

        private final TrainSpec spec;
        private final OpenTrainingRun run;

        CloseRun(TrainSpec spec, OpenTrainingRun run) {
            this.spec = spec;
            this.run = run;
        }

        @Override
        public void onSuccess(StepContext context, Object result) {
            Timer.get().submit(() -> close(context, RunStatus.FINISHED, null, null));
        }

        @Override
        public void onFailure(StepContext context, Throwable t) {
            // An abort reaches the block as an InterruptedException (FlowInterruptedException): the run was killed.
            RunStatus status = t instanceof InterruptedException ? RunStatus.KILLED : RunStatus.FAILED;
            Timer.get().submit(() -> close(context, status, String.valueOf(t.getMessage()), t));
        }

        private void close(StepContext context, RunStatus status, String why, Throwable blockFailure) {
            SecretMasker masker = SecretMasker.none();
            try {
                LocalTrainingRun training = LocalTrainingRun.of(spec, StepEnvironment.of(context));
                masker = training.masker();
                TrainingResult result = training.close(run, status, why);
                if (blockFailure != null) {
                    context.onFailure(blockFailure);
                } else {
                    context.onSuccess(ResultMap.of(result.toJson(), masker));
                }
            } catch (Throwable failure) {
                if (blockFailure != null) {
                    blockFailure.addSuppressed(StepFailure.of(failure, masker));
                    context.onFailure(blockFailure);
                } else {
                    context.onFailure(StepFailure.of(failure, masker));
                }
            }
        }
    }
}
