package io.jenkins.plugins.mlops.fingerprint;

import static org.assertj.core.api.Assertions.assertThat;

import com.cloudbees.plugins.credentials.TestCredentials;
import hudson.TestExtensions;
import hudson.model.Fingerprint;
import hudson.model.TestFingerprints;
import io.jenkins.plugins.mlops.action.ModelActivity;
import io.jenkins.plugins.mlops.action.MlopsRunAction;
import io.jenkins.plugins.mlops.config.MlopsConfiguration;
import io.jenkins.plugins.mlops.harness.StepHarness;
import io.jenkins.plugins.mlops.register.RegisterModelStep;
import io.mlopsbridge.deploy.DeployResult;
import io.mlopsbridge.deploy.DeployTarget;
import io.mlopsbridge.deploy.RolloutPhase;
import io.mlopsbridge.deploy.RolloutResult;
import io.mlopsbridge.drift.DriftCheck;
import io.mlopsbridge.drift.DriftResult;
import io.mlopsbridge.drift.input.CsvFormat;
import io.mlopsbridge.drift.input.CsvSource;
import io.mlopsbridge.lineage.ModelIdentity;
import io.mlopsbridge.log.BuildLog;
import io.mlopsbridge.mlflow.MlflowServer;
import io.mlopsbridge.mlflow.MlflowServerExtension;
import io.mlopsbridge.mlflow.TrainingRuns;
import io.mlopsbridge.registry.AliasMove;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A model version followed across jobs by its fingerprint: registered by a training job's build, deployed and
 * drift-checked by a release job's builds; the fingerprint's id is the model identity, the registering build is its
 * original, every build is a use, and the facets say what each build did.
 */
@ExtendWith(MlflowServerExtension.class)
class ModelFingerprintsTest {
    private final MlflowServer server;
    private final String model = TrainingRuns.modelName("fraud");
    @TempDir
    Path jenkinsHome;

    ModelFingerprintsTest(MlflowServer server) {
        this.server = server;
    }

    @BeforeEach
    void configureJenkins() {
        TestCredentials.clear();
        TestFingerprints.clear();
        TestExtensions.register(new MlopsConfiguration()).setMlflowUrl(server.trackingUri());
    }

    @Test
    void registerThenDeployThenDriftAcrossTwoJobsShareOneFingerprint() throws Exception {
        io.mlopsbridge.mlflow.Run trained = new TrainingRuns(server.client())
                .finishedRun(Map.of("auc", 0.94, "latency_p95_ms", 38.0));
        StepHarness training = StepHarness.build(jenkinsHome.resolve("train"), "12",
                Map.of("JOB_NAME", "fraud/train"));
        RegisterModelStep register = new RegisterModelStep(model, trained.runId());
        register.setGate("auc >= 0.9");
        training.start(register);
        @SuppressWarnings("unchecked")
        Map<String, Object> registered = (Map<String, Object>) training.await(Duration.ofMinutes(2));
        String version = (String) registered.get("version");

        StepHarness release = StepHarness.build(jenkinsHome.resolve("release"), "3",
                Map.of("JOB_NAME", "fraud/release"));
        ModelActivity.deployed(release.run(), deployed(version), server.trackingUri());
        StepHarness monitor = StepHarness.build(jenkinsHome.resolve("monitor"), "4",
                Map.of("JOB_NAME", "fraud/release"));
        ModelActivity.driftChecked(monitor.run(), "drift-1", drift(), null, server.trackingUri(), model, version);

        String id = ModelIdentity.of(server.trackingUri(), model, version).hex();
        assertThat(registered.get("model_identity")).isEqualTo(id);
        Fingerprint fingerprint = TestFingerprints.get(id);
        assertThat(TestFingerprints.id(fingerprint)).isEqualTo(id);
        assertThat(TestFingerprints.fileName(fingerprint)).isEqualTo("MLflow model " + model + " v" + version);
        assertThat(TestFingerprints.original(fingerprint)).isEqualTo("fraud/train#12");
        assertThat(TestFingerprints.usages(fingerprint))
                .containsExactly("fraud/train#12", "fraud/release#3", "fraud/release#4");
        assertThat(fingerprint.getFacets()).map(f -> (ModelFacet) f)
                .extracting(f -> f.getJob() + "#" + f.getBuild() + " " + f.getVerb())
                .containsExactly("fraud/train#12 registered", "fraud/train#12 gated", "fraud/train#12 promoted",
                        "fraud/release#3 deployed", "fraud/release#3 promoted", "fraud/release#4 drift checked");
        assertThat(fingerprint.getFacets()).map(f -> (ModelFacet) f).filteredOn(f -> f.getUse() == ModelUse.DEPLOYED)
                .extracting(ModelFacet::getDetail).containsExactly("to kserve models/fraud-detector, canary 10%: "
                        + "SUCCEEDED");
        assertThat(training.run().getAction(MlopsRunAction.class).getModels().get(0).getFingerprintUrl())
                .isEqualTo("fingerprint/" + id + "/");
    }

    @Test
    void aDeployOfAnotherVersionIsAnotherFingerprint() throws Exception {
        StepHarness release = StepHarness.build(jenkinsHome, "5", Map.of("JOB_NAME", "fraud/release"));

        ModelActivity.deployed(release.run(), deployed("7"), server.trackingUri());
        ModelActivity.deployed(release.run(), deployed("8"), server.trackingUri());

        Fingerprint v7 = TestFingerprints.get(ModelIdentity.of(server.trackingUri(), model, "7").hex());
        Fingerprint v8 = TestFingerprints.get(ModelIdentity.of(server.trackingUri(), model, "8").hex());
        assertThat(v7).isNotSameAs(v8);
        assertThat(TestFingerprints.original(v7)).isNull();
        assertThat(v8.getFacets()).hasSize(2);
    }

    private DeployResult deployed(String version) {
        RolloutResult rollout = new RolloutResult("r-" + version, DeployTarget.KSERVE, "models", "fraud-detector",
                RolloutPhase.SUCCEEDED, "http://fraud-detector.models.svc", null, null, null, 10, null, model,
                version);
        return new DeployResult(model, version, "3-3f9c2ab", rollout,
                new AliasMove(model, "champion", version, null, null, true), null, false);
    }

    private DriftResult drift() throws Exception {
        Path reference = Files.writeString(jenkinsHome.resolve("reference.csv"),
                "amount,merchant_category\n12.5,grocery\n80.0,travel\n33.1,fuel\n47.9,online\n21.0,grocery\n");
        Path current = Files.writeString(jenkinsHome.resolve("current.csv"),
                "amount,merchant_category\n14.0,grocery\n75.5,travel\n30.2,fuel\n52.3,online\n19.8,grocery\n");
        return DriftCheck.withDefaults().run(CsvSource.open(reference, "reference", CsvFormat.DEFAULT),
                CsvSource.open(current, "current", CsvFormat.DEFAULT), BuildLog.silent());
    }
}
