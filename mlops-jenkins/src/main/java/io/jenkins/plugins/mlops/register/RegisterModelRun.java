package io.jenkins.plugins.mlops.register;

import hudson.AbortException;
import hudson.FilePath;
import hudson.model.Result;
import io.jenkins.plugins.mlops.AbortedStep;
import io.jenkins.plugins.mlops.InterruptibleWork;
import io.jenkins.plugins.mlops.ReleaseVersions;
import io.jenkins.plugins.mlops.ResultMap;
import io.jenkins.plugins.mlops.StepEnvironment;
import io.jenkins.plugins.mlops.StepFailure;
import io.jenkins.plugins.mlops.action.ModelActivity;
import io.jenkins.plugins.mlops.config.CredentialsLookup;
import io.jenkins.plugins.mlops.config.MlflowSettings;
import io.jenkins.plugins.mlops.config.MlopsConfiguration;
import io.mlopsbridge.core.Cancellation;
import io.mlopsbridge.gate.GateReportWriter;
import io.mlopsbridge.log.BuildLog;
import io.mlopsbridge.log.SecretMasker;
import io.mlopsbridge.mlflow.MlflowClient;
import io.mlopsbridge.mlflow.MlflowConfig;
import io.mlopsbridge.registry.RegisterModel;
import io.mlopsbridge.registry.RegisterRequest;
import io.mlopsbridge.registry.RegisterResult;
import java.io.File;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * One registration in a build, the same for the {@code registerModel} Pipeline step and the Freestyle build step:
 * credentials by id, the console as the engine's masked log, the engine's registration, the build's MLOps record and
 * fingerprint, and the gate's verdict as the build's result.
 */
final class RegisterModelRun {
    private RegisterModelRun() {
    }

    /**
     * Registers as {@code step} says, in {@code build}, copying the gate report into {@code workspace} (null when the
     * build has none) when the step asks; a failed gate fails (AbortException with the gate's summary) or, when the
     * step asks, calls {@code markBuild} with UNSTABLE and returns the result. An abort (the thread interrupted)
     * ends it with an InterruptedException, never an AbortException.
     */
    static Map<String, Object> run(RegisterModelStep step, StepEnvironment build, FilePath workspace,
                                   Consumer<Result> markBuild)
            throws AbortException, InterruptedException {
        MlopsConfiguration global = MlopsConfiguration.get();
        SecretMasker masker = SecretMasker.none();
        try {
            MlflowConfig mlflow = MlflowSettings.resolve(step.getMlflowUrl(), step.getMlflowCredentialsId(), global,
                    new CredentialsLookup(build.run()));
            masker = SecretMasker.of(mlflow.credentials().secrets());
            BuildLog log = build.log(mlflow.credentials().secrets());
            log.info("MLflow: " + mlflow.displayUri() + " (" + mlflow.credentials() + ")");
            WorkspaceGateReport workspaceReport = WorkspaceGateReport.prepare(step, workspace, log);
            requireWritableBuildFolder(reportFolder(step, build));
            RegisterResult result = registerAbortably(new RegisterModel(new MlflowClient(mlflow), log),
                    request(step, build, global), log);
            ModelActivity.registered(build.run(), result, mlflow.displayUri());
            Map<String, Object> map = ResultMap.of(result.toJson(), masker);
            if (workspaceReport != null && result.reportFiles() != null) {
                // Before a failed gate ends the step: the report is what explains it.
                workspaceReport.copy(result.reportFiles(), result.modelName() + " version " + result.version());
                map.put("report_json", workspaceReport.pathOf(GateReportWriter.JSON_FILE));
                map.put("report_markdown", workspaceReport.pathOf(GateReportWriter.MARKDOWN_FILE));
            }
            if (!result.passed()) {
                String summary = masker.mask(result.verdict().summary());
                if (!step.isUnstableOnGateFailure()) {
                    throw new AbortException("gate failed for " + result.modelName() + " version "
                            + result.version() + ": " + summary);
                }
                log.warn("gate failed, build marked UNSTABLE: " + summary);
                markBuild.accept(Result.UNSTABLE);
            }
            return map;
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) {
            // A Freestyle step's MLflow calls run on the executor thread: an abort's interrupt ends the call in
            // progress, which comes back as a failed call (OkHttp's InterruptedIOException, the thread still
            // interrupted).
            AbortedStep.rethrowIfAborted(e);
            throw StepFailure.of(e, masker);
        }
    }

    /**
     * The engine's registration on a thread of its own ({@link InterruptibleWork}), so that an abort (the step's
     * {@code stop()}, a Freestyle abort) acts at once even while MLflow is slow to answer: a read in flight is cut
     * off, nothing more is written (an alias move once begun is finished), the console says what exists, and the
     * interrupt is rethrown.
     */
    private static RegisterResult registerAbortably(RegisterModel engine, RegisterRequest request, BuildLog log)
            throws IOException, InterruptedException {
        Cancellation cancellation = Cancellation.create();
        return InterruptibleWork.run("registerModel " + request.modelName(), cancellation,
                () -> engine.register(request, cancellation),
                InterruptibleWork.reportingTo(log, "the registration"));
    }

    private static RegisterRequest request(RegisterModelStep step, StepEnvironment build, MlopsConfiguration global) {
        String release = step.getReleaseVersion() != null ? step.getReleaseVersion()
                : ReleaseVersions.fromPattern(global, build);
        RegisterRequest request = RegisterRequest.of(step.getModel(), step.getRunId())
                .withGate(step.getGate())
                .withChampionAlias(step.getChampionAlias() != null ? step.getChampionAlias()
                        : global.getChampionAlias())
                .withAliasOnPass(step.isNoAlias() ? null
                        : step.getAlias() != null ? step.getAlias() : global.getCandidateAlias())
                .withReleaseVersion(release)
                .withBuild(build.buildInfo())
                .withDatasetDigests(step.getDatasets())
                .withTags(step.getTags())
                .withReadyTimeout(Duration.ofSeconds(step.getReadyTimeout()))
                .withModelUri(step.getModelUri())
                .withReportDirectory(reportFolder(step, build).toPath());
        return step.getArtifactPath() == null ? request : request.withArtifactPath(step.getArtifactPath());
    }

    /**
     * The engine checks its report folder too, but words a failure for the user's {@code --report-dir}; this folder
     * is the build's own on the controller, which no parameter of the step changes, so the failure names it.
     */
    private static void requireWritableBuildFolder(File folder) throws AbortException {
        Optional<String> problem = GateReportWriter.whyUnwritable(folder.toPath());
        if (problem.isPresent()) {
            throw new AbortException("cannot write the gate report into this build's folder " + folder + ": "
                    + problem.get() + "; check that Jenkins can write to its jobs' build folders");
        }
    }

    /** The gate report goes into the build's own folder, kept and deleted with the build. */
    private static File reportFolder(RegisterModelStep step, StepEnvironment build) {
        return new File(new File(new File(build.run().getRootDir(), "mlops"), "register"), step.getModel());
    }
}
