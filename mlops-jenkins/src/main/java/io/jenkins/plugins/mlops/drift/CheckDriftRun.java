package io.jenkins.plugins.mlops.drift;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ObjectNode;
import hudson.AbortException;
import hudson.FilePath;
import hudson.model.Result;
import io.jenkins.plugins.mlops.AbortedStep;
import io.jenkins.plugins.mlops.ResultMap;
import io.jenkins.plugins.mlops.StepEnvironment;
import io.jenkins.plugins.mlops.StepFailure;
import io.jenkins.plugins.mlops.action.MlopsRunAction;
import io.jenkins.plugins.mlops.action.ModelActivity;
import io.jenkins.plugins.mlops.config.CredentialsLookup;
import io.jenkins.plugins.mlops.config.MlflowSettings;
import io.jenkins.plugins.mlops.config.MlopsConfiguration;
import io.mlopsbridge.core.DurationText;
import io.mlopsbridge.core.InputNaming;
import io.mlopsbridge.core.MlopsException;
import io.mlopsbridge.drift.DriftInputNames;
import io.mlopsbridge.drift.DriftResult;
import io.mlopsbridge.drift.RetrainDecision;
import io.mlopsbridge.drift.RetrainTrigger;
import io.mlopsbridge.drift.report.HtmlReport;
import io.mlopsbridge.log.BuildLog;
import io.mlopsbridge.log.SecretMasker;
import io.mlopsbridge.mlflow.MlflowClient;
import io.mlopsbridge.mlflow.MlflowConfig;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One drift check in a build, the same for the {@code checkDrift} Pipeline step and the Freestyle build step: the
 * comparison on the agent holding {@code workspace}, the retraining decision asked of MLflow on the controller, the
 * JSON report, the build's MLOps record (with a copy of the HTML report) and the model version's fingerprint, and
 * the verdict as the build's result.
 */
final class CheckDriftRun {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The agent's JSON read back into the engine's result; fields added to the JSON later are ignored. */
    private static final ObjectReader READER = JSON.readerFor(DriftResult.class)
            .without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private CheckDriftRun() {
    }

    /**
     * Checks as {@code step} says and records the check; then a drifted dataset fails (AbortException with the
     * one-line summary), calls {@code markBuild} with UNSTABLE, or does nothing, as {@code onDrift} says. Returns the
     * result map. An abort (the thread interrupted) ends it with an InterruptedException, never an AbortException.
     */
    static Map<String, Object> run(CheckDriftStep step, StepEnvironment build, FilePath workspace,
                                   Consumer<Result> markBuild) throws AbortException, InterruptedException {
        SecretMasker masker = SecretMasker.none();
        ModelVersionProfiles versions = null;
        try {
            DriftSpec spec = step.spec();
            versions = ModelVersionProfiles.of(spec);
            WritableOutputs outputs = WritableOutputs.of(step);
            if (outputs.any()) { // before MLflow is asked and anything is read or written
                workspace.act(outputs);
            }
            // MLflow is configured and asked for what is used: a retraining decision needs a comparison.
            boolean decides = spec.current() != null && step.getModel() != null;
            MlflowConfig mlflow = !decides && !versions.any() ? null : MlflowSettings.resolve(step.getMlflowUrl(),
                    step.getMlflowCredentialsId(), MlopsConfiguration.get(), new CredentialsLookup(build.run()));
            // A stop cuts off MLflow's reads in flight and lets a write in flight finish (see StoppableMlflow).
            StoppableMlflow calls = mlflow == null ? null : new StoppableMlflow(new MlflowClient(mlflow));
            List<String> secrets = mlflow == null ? List.of() : mlflow.credentials().secrets();
            masker = SecretMasker.of(secrets);
            BuildLog log = build.log(secrets);
            if (versions.any()) {
                DriftSpec stepSpec = spec;
                ModelVersionProfiles modelVersions = versions;
                spec = calls.call("the model versions' lookup", () -> modelVersions.prepare(stepSpec, calls.reads(),
                        workspace, log));
            }
            if (spec.current() == null) {
                saveReferenceProfile(step, spec, log, workspace);
                uploadProfile(versions, calls, log);
                return new LinkedHashMap<>();
            }
            DriftOnAgent.Outcome outcome = workspace.act(new DriftOnAgent(spec));
            outcome.log().forEach(log::info);
            // As the command line does: kept with the version once the comparison succeeded, before the verdict.
            uploadProfile(versions, calls, log);
            ObjectNode json = (ObjectNode) JSON.readTree(outcome.json());
            RetrainDecision decision = null;
            if (decides) {
                RetrainTrigger trigger = RetrainTrigger.of(calls.writes());
                if (step.getCooldown() != null) {
                    trigger = trigger.withCooldown(DurationText.parse(step.getCooldown(), "cooldown"));
                }
                RetrainTrigger deciding = trigger;
                // Its read is cut off by a stop; its tag write is sent only while not stopped, and never cut off.
                decision = calls.call("the retraining decision", () -> deciding.decide(step.getModel(),
                        outcome.drifted(), log, calls.cancellation()));
                json.set("retrain", JSON.valueToTree(decision));
            }
            log.info(outcome.summary());
            requireNotStopped("the build's record");
            // Recorded before the JSON file, the one write left that can fail after MLflow was written to (its path
            // was checked first, but a folder may still appear there): the build page then shows the check and its
            // retraining decision whatever becomes of the file.
            record(step, build, workspace, outcome, decision, decides ? mlflow : null);
            if (step.getJson() != null) {
                writeJson(step.getJson(), json, workspace, decision);
            }
            Map<String, Object> result = ResultMap.of(json, masker);
            if (outcome.drifted()) {
                switch (step.onDriftChoice()) {
                    case FAIL -> throw new AbortException(outcome.summary());
                    case UNSTABLE -> markBuild.accept(Result.UNSTABLE);
                    case NONE -> { }
                }
            }
            return result;
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) {
            // On the built-in node the agent's work runs on this thread, so an abort may come back as its failure.
            AbortedStep.rethrowIfAborted(e);
            throw StepFailure.of(e, masker);
        } finally {
            deleteScratch(versions, build);
        }
    }

    /**
     * The profiles on their way to or from MLflow are deleted however the check ended: also after an abort, whose
     * interrupt is set aside meanwhile (it would cut off the call that deletes the workspace's file) and then restored.
     */
    private static void deleteScratch(ModelVersionProfiles versions, StepEnvironment build) {
        if (versions == null) {
            return;
        }
        boolean interrupted = Thread.interrupted();
        try {
            versions.close();
        } catch (IOException | RuntimeException e) {
            build.log(List.of()).warn("checkDrift: could not delete a temporary profile file: " + e.getMessage());
        } catch (InterruptedException e) {
            interrupted = true;
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Keeps the profile the agent wrote with its model version, if one was given; not begun once stopped. */
    private static void uploadProfile(ModelVersionProfiles versions, StoppableMlflow calls, BuildLog log)
            throws IOException, InterruptedException {
        if (versions.uploads()) {
            calls.call("the profile's upload", () -> {
                versions.upload(calls.writes(), log);
                return null;
            });
        }
    }

    /**
     * The JSON result, written after the build's record (see {@link #run}) with no look at a stop in between: the
     * two belong together, as the command line writes its reports once the retraining trigger is set. Its failure
     * says what was already done, so a retraining triggered in MLflow (whose cooldown holds back the next builds'
     * triggers) is not silently lost.
     */
    private static void writeJson(String path, ObjectNode json, FilePath workspace, RetrainDecision decision)
            throws IOException, InterruptedException {
        String content = JSON.writerWithDefaultPrettyPrinter().writeValueAsString(json) + "\n";
        try {
            workspace.act(new WriteReport(path, content));
        } catch (MlopsException e) {
            String done = decision != null && decision.retrain() ? "; the check is in the build's record, and "
                    + "retraining model " + decision.model() + " was triggered (its cooldown is set in MLflow)"
                    : "; the check is in the build's record";
            throw MlopsException.input(DriftInputNames.JSON + ": " + e.oneLine(InputNaming.STEP_PARAMETERS) + done,
                    null);
        }
    }

    /**
     * A stop (the step's {@code stop()}, a Freestyle abort: both interrupt this thread) may come once the agent has
     * answered, while the controller writes; nothing more is written then (a workspace FilePath writes without looking
     * at the interrupt, and a record of a stopped check would be read as its verdict). Throws, as an abort ends.
     */
    private static void requireNotStopped(String what) throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException("checkDrift was stopped before " + what + " was written");
        }
    }

    /**
     * Without current data, as {@code mlops drift --profile-out} without {@code --current}: the reference is profiled
     * on the agent and its profile saved; no result, no record, and no MLflow unless the profile is kept with a model
     * version. The step then returns the shared library's map for this case, an empty one.
     */
    private static void saveReferenceProfile(CheckDriftStep step, DriftSpec spec, BuildLog log, FilePath workspace)
            throws IOException, InterruptedException {
        List<String> unused = step.unusedWithoutCurrent();
        if (!unused.isEmpty()) {
            log.warn("checkDrift: without current nothing is compared, so these are not used: "
                    + String.join(", ", unused) + "; only the reference profile is saved");
        }
        workspace.act(new DriftOnAgent(spec)).log().forEach(log::info);
    }

    /**
     * Into the build's record (with a copy of the HTML report, so it stays with the build when the workspace is
     * wiped) and, when the step names a model version, onto its fingerprint. The agent's answer is the engine's JSON,
     * read back into the engine's result here.
     */
    private static void record(CheckDriftStep step, StepEnvironment build, FilePath workspace,
                               DriftOnAgent.Outcome outcome, RetrainDecision decision, MlflowConfig mlflow)
            throws IOException, InterruptedException {
        DriftResult result = READER.<DriftResult>readValue(outcome.json()).withRetrain(decision);
        String id = "drift-" + (MlopsRunAction.of(build.run()).getDriftChecks().size() + 1);
        String htmlReport = null;
        if (step.getHtml() != null) {
            htmlReport = new File(step.getHtml()).getName();
            Path kept = MlopsRunAction.driftFolder(build.run()).toPath().resolve(id);
            Files.createDirectories(kept);
            // Byte for byte from the agent, so the page keeps its UTF-8 whatever the controller's default charset.
            workspace.child(step.getHtml()).copyTo(new FilePath(kept.resolve(htmlReport).toFile()));
            // The stylesheet is the same for every report: written here, not fetched from the agent.
            Files.writeString(kept.resolve(HtmlReport.STYLESHEET), HtmlReport.stylesheet(), StandardCharsets.UTF_8);
        }
        ModelActivity.driftChecked(build.run(), id, result, htmlReport, mlflow == null ? null : mlflow.displayUri(),
                step.getModel(), mlflow == null ? null : step.getVersion());
    }
}
