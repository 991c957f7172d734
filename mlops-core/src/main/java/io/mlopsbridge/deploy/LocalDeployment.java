package io.mlopsbridge.deploy;

import io.mlopsbridge.core.Cancellation;
import io.mlopsbridge.core.MlopsException;
import io.mlopsbridge.log.BuildLog;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * The {@code local} target: serves a model version with {@code mlflow models serve} on loopback, waits for
 * {@code /ping}, runs the smoke test against {@code /invocations}, and stops the server whatever happened. There is
 * nothing to restore locally, so the "rollback" of a failed local deployment is stopping the server and reporting
 * {@link RolloutPhase#ROLLED_BACK}: the caller then leaves the registry alias where it was.
 */
public final class LocalDeployment {
    private final List<String> mlflow;
    private final Map<String, String> environment;
    private final SmokeTest smokeTest;
    private final SmokeJudge judge;
    private final Clock clock;
    private final BuildLog log;

    /**
     * @param mlflow      the {@code mlflow} command (e.g. {@code [".venv/bin/mlflow"]})
     * @param environment for the server, at least {@code MLFLOW_TRACKING_URI}
     */
    public LocalDeployment(List<String> mlflow, Map<String, String> environment, SmokeTest smokeTest,
                           SmokeJudge judge, Clock clock, BuildLog log) {
        this.mlflow = List.copyOf(mlflow);
        this.environment = Map.copyOf(environment);
        this.smokeTest = Objects.requireNonNull(smokeTest, "smokeTest");
        this.judge = Objects.requireNonNull(judge, "judge");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.log = Objects.requireNonNull(log, "log");
    }

    /** Serves, checks and stops. Failures of the model (not loading, failing the smoke gate) are results. */
    public RolloutResult deploy(DeploymentMetadata metadata, SmokePlan smoke, Duration timeout) {
        return deploy(metadata, smoke, timeout, Cancellation.none());
    }

    /**
     * As {@link #deploy(DeploymentMetadata, SmokePlan, Duration)}; a cancel at any moment stops the server with its
     * whole process tree at once and throws {@link MlopsException#aborted}.
     */
    public RolloutResult deploy(DeploymentMetadata metadata, SmokePlan smoke, Duration timeout,
                                Cancellation cancellation) {
        String id = UUID.randomUUID().toString();
        String endpoint = null;
        SmokeReport report = null;
        String failure = null;
        cancellation.throwIfCancelled();
        try (LocalModelServer server = LocalModelServer.start(mlflow, metadata.modelUri(), environment, log);
             Cancellation.Registration stop = cancellation.onCancel(server::close)) {
            endpoint = server.url();
            try {
                server.awaitReady(timeout, clock);
                if (smoke != null) {
                    log.info("local: smoke test against " + server.url() + "/invocations ("
                            + smoke.requests().total() + " requests)");
                    SmokeOutcome outcome = smokeTest.run(server.url(), smoke.modelName(), SmokeProtocol.MLFLOW_SCORING,
                            smoke.requests());
                    report = judge.judge(smoke.gate(), outcome, server.url());
                    log.info("local: smoke test: " + outcome.summary() + "; " + report.summary());
                    outcome.errorSamples().forEach(e -> log.warn("smoke test error: " + e));
                    if (!report.passed()) {
                        failure = "local: smoke test failed: " + report.summary();
                    }
                }
            } catch (RuntimeException e) {
                if (cancellation.isCancelled()) {
                    throw aborted(server, e);
                }
                if (!(e instanceof MlopsException m)) {
                    throw e;
                }
                if (!"EXITED".equals(m.remoteCode().orElse("")) && !"DEADLINE_EXCEEDED".equals(
                        m.remoteCode().orElse(""))) {
                    throw e;
                }
                failure = e.getMessage();
            }
            if (cancellation.isCancelled()) {
                throw aborted(server, null);
            }
            if (failure != null) {
                log.warn(failure + "; rolling back (stopping the server)");
            }
        }
        if (cancellation.isCancelled()) {
            throw MlopsException.aborted("mlflow models serve had already stopped", null);
        }
        RolloutPhase outcome = failure == null ? RolloutPhase.SUCCEEDED : RolloutPhase.ROLLED_BACK;
        return new RolloutResult(id, DeployTarget.LOCAL, "local", metadata.modelName(), outcome, endpoint, failure,
                failure == null ? null : "model server stopped; nothing else was changed", report, null, null,
                metadata.modelName(), metadata.modelVersion());
    }

    private MlopsException aborted(LocalModelServer server, Throwable cause) {
        server.close();
        String summary = "mlflow models serve (pid " + server.pid() + ") and its child processes stopped";
        return MlopsException.aborted(summary, cause);
    }
}
