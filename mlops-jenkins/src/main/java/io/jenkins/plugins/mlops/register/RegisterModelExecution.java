package io.jenkins.plugins.mlops.register;

import hudson.model.Result;
import io.jenkins.plugins.mlops.ResultMap;
import io.jenkins.plugins.mlops.StepEnvironment;
import io.jenkins.plugins.mlops.StepFailure;
import io.jenkins.plugins.mlops.config.CredentialsLookup;
import io.jenkins.plugins.mlops.config.MlflowSettings;
import io.jenkins.plugins.mlops.config.MlopsConfiguration;
import io.mlopsbridge.log.BuildLog;
import io.mlopsbridge.log.SecretMasker;
import io.mlopsbridge.mlflow.MlflowClient;
import io.mlopsbridge.mlflow.MlflowConfig;
import io.mlopsbridge.registry.RegisterModel;
import io.mlopsbridge.registry.RegisterRequest;
import io.mlopsbridge.registry.RegisterResult;
import java.io.File;
import java.time.Duration;
import java.util.Map;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.SynchronousNonBlockingStepExecution;

/**
 * Runs a registration on Jenkins' pool for short non-blocking steps: it is a handful of MLflow calls with timeouts
 * (plus a READY wait bounded by {@code readyTimeout}), nothing that needs to outlive a controller restart; a
 * restart during it fails the step, and running it again from the same build reuses the version it made.
 */
final class RegisterModelExecution extends SynchronousNonBlockingStepExecution<Map<String, Object>> {
    private static final long serialVersionUID = 1L;

    private final transient RegisterModelStep step;

    RegisterModelExecution(StepContext context, RegisterModelStep step) {
        super(context);
        this.step = step;
    }

    @Override
    protected Map<String, Object> run() throws Exception {
        StepEnvironment build = StepEnvironment.of(getContext());
        MlopsConfiguration global = MlopsConfiguration.get();
        SecretMasker masker = SecretMasker.none();
        try {
            MlflowConfig mlflow = MlflowSettings.resolve(step.getMlflowUrl(), step.getMlflowCredentialsId(), global,
                    new CredentialsLookup(build.run()));
            masker = SecretMasker.of(mlflow.credentials().secrets());
            BuildLog log = build.log(mlflow.credentials().secrets());
            log.info("MLflow: " + mlflow.displayUri() + " (" + mlflow.credentials() + ")");
            RegisterResult result = new RegisterModel(new MlflowClient(mlflow), log).register(request(build, global));
            Map<String, Object> map = ResultMap.of(result.toJson(), masker);
            if (!result.passed()) {
                String summary = masker.mask(result.verdict().summary());
                if (!step.isUnstableOnGateFailure()) {
                    throw new hudson.AbortException("gate failed for " + result.modelName() + " version "
                            + result.version() + ": " + summary);
                }
                log.warn("gate failed, build marked UNSTABLE: " + summary);
                getContext().setResult(Result.UNSTABLE);
            }
            return map;
        } catch (Exception e) {
            throw StepFailure.of(e, masker);
        }
    }

    private RegisterRequest request(StepEnvironment build, MlopsConfiguration global) {
        String release = step.getReleaseVersion() != null ? step.getReleaseVersion()
                : global.getReleaseVersionPattern() == null ? null : build.expand(global.getReleaseVersionPattern());
        RegisterRequest request = RegisterRequest.of(step.getModel(), step.getRunId())
                .withGate(step.getGate())
                .withChampionAlias(step.getChampionAlias() != null ? step.getChampionAlias()
                        : global.getChampionAlias())
                .withAliasOnPass(step.isNoAlias() ? null
                        : step.getAlias() != null ? step.getAlias() : global.getCandidateAlias())
                .withReleaseVersion(release)
                .withBuild(build.buildInfo())
                .withDatasetDigests(step.getDatasets())
                .withReadyTimeout(Duration.ofSeconds(step.getReadyTimeout()))
                .withModelUri(step.getModelUri())
                .withReportDirectory(reportFolder(build).toPath());
        return step.getArtifactPath() == null ? request : request.withArtifactPath(step.getArtifactPath());
    }

    /** The gate report goes into the build's own folder, kept and deleted with the build. */
    private File reportFolder(StepEnvironment build) {
        return new File(new File(new File(build.run().getRootDir(), "mlops"), "register"), step.getModel());
    }
}
