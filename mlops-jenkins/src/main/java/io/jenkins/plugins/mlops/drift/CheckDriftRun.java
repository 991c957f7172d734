package io.jenkins.plugins.mlops.drift;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import hudson.AbortException;
import hudson.FilePath;
import hudson.model.Result;
import io.jenkins.plugins.mlops.ResultMap;
import io.jenkins.plugins.mlops.StepEnvironment;
import io.jenkins.plugins.mlops.StepFailure;
import io.jenkins.plugins.mlops.config.CredentialsLookup;
import io.jenkins.plugins.mlops.config.MlflowSettings;
import io.jenkins.plugins.mlops.config.MlopsConfiguration;
import io.mlopsbridge.core.DurationText;
import io.mlopsbridge.drift.RetrainDecision;
import io.mlopsbridge.drift.RetrainTrigger;
import io.mlopsbridge.log.BuildLog;
import io.mlopsbridge.log.SecretMasker;
import io.mlopsbridge.mlflow.MlflowClient;
import io.mlopsbridge.mlflow.MlflowConfig;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One drift check in a build, for the Freestyle build step (and, once the Pipeline step's execution delegates here,
 * for {@code checkDrift} too): the comparison on the agent holding {@code workspace}, the retraining decision asked
 * of MLflow on the controller, the JSON report, and the verdict as the build's result.
 */
final class CheckDriftRun {
    private static final ObjectMapper JSON = new ObjectMapper();

    private CheckDriftRun() {
    }

    /**
     * Checks as {@code step} says; a drifted dataset fails (AbortException with the one-line summary), calls
     * {@code markBuild} with UNSTABLE, or does nothing, as {@code onDrift} says. Returns the result map.
     */
    static Map<String, Object> run(CheckDriftStep step, StepEnvironment build, FilePath workspace,
                                   Consumer<Result> markBuild) throws AbortException {
        SecretMasker masker = SecretMasker.none();
        try {
            MlflowConfig mlflow = step.getModel() == null ? null : MlflowSettings.resolve(step.getMlflowUrl(),
                    step.getMlflowCredentialsId(), MlopsConfiguration.get(), new CredentialsLookup(build.run()));
            List<String> secrets = mlflow == null ? List.of() : mlflow.credentials().secrets();
            masker = SecretMasker.of(secrets);
            BuildLog log = build.log(secrets);
            DriftOnAgent.Outcome outcome = workspace.act(new DriftOnAgent(step.spec()));
            outcome.log().forEach(log::info);
            ObjectNode json = (ObjectNode) JSON.readTree(outcome.json());
            if (mlflow != null) {
                RetrainTrigger trigger = RetrainTrigger.of(new MlflowClient(mlflow));
                if (step.getCooldown() != null) {
                    trigger = trigger.withCooldown(DurationText.parse(step.getCooldown(), "cooldown"));
                }
                RetrainDecision decision = trigger.decide(step.getModel(), outcome.drifted(), log);
                json.set("retrain", JSON.valueToTree(decision));
            }
            if (step.getJson() != null) {
                workspace.act(new WriteReport(step.getJson(),
                        JSON.writerWithDefaultPrettyPrinter().writeValueAsString(json) + "\n"));
            }
            log.info(outcome.summary());
            Map<String, Object> result = ResultMap.of(json, masker);
            if (outcome.drifted()) {
                switch (step.onDriftChoice()) {
                    case FAIL -> throw new AbortException(outcome.summary());
                    case UNSTABLE -> markBuild.accept(Result.UNSTABLE);
                    case NONE -> { }
                }
            }
            return result;
        } catch (Exception e) {
            throw StepFailure.of(e, masker);
        }
    }
}
