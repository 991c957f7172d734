package io.mlopsbridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mlopsbridge.drift.ModelProfiles;
import io.mlopsbridge.mlflow.MlflowClient;
import io.mlopsbridge.mlflow.MlflowServer;
import io.mlopsbridge.mlflow.MlflowServerExtension;
import io.mlopsbridge.mlflow.ModelVersion;
import io.mlopsbridge.mlflow.NewModelVersion;
import io.mlopsbridge.mlflow.Run;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** A reference profile kept with a model version in MLflow (models:/NAME/VERSION), on a real server. */
@ExtendWith(MlflowServerExtension.class)
class DriftModelProfileCommandTest {
    @TempDir
    Path dir;

    private Path csv(String name, long seed, double shift) throws IOException {
        Random random = new Random(seed);
        List<String> lines = new ArrayList<>(List.of("amount,region"));
        for (int i = 0; i < 600; i++) {
            lines.add(String.format(Locale.ROOT, "%.2f,%s", 100 + 20 * shift + 10 * random.nextGaussian(),
                    random.nextBoolean() ? "north" : "south"));
        }
        return Files.write(dir.resolve(name), lines);
    }

    private String newVersion(MlflowClient mlflow) throws IOException {
        String experiment = mlflow.getOrCreateExperiment("drift-profile-test").experimentId();
        Run run = mlflow.createRun(experiment, "train", List.of());
        Files.writeString(dir.resolve("MLmodel"), "flavors: {}\n");
        mlflow.uploadArtifact(run.info().artifactUri(), "model/MLmodel", dir.resolve("MLmodel"));
        String name = "fraud-" + UUID.randomUUID().toString().substring(0, 8);
        mlflow.getOrCreateRegisteredModel(name);
        ModelVersion version = mlflow.createModelVersion(NewModelVersion.fromRunArtifacts(name, run.info(), "model"));
        mlflow.awaitModelVersionReady(name, version.version(), Duration.ofSeconds(30));
        return "models:/" + name + "/" + version.version();
    }

    @Test
    void aProfileSavedWithAModelVersionGivesTheSameResultAsTheData(MlflowServer server, MlflowClient mlflow)
            throws IOException {
        Map<String, String> env = Map.of("MLFLOW_TRACKING_URI", server.trackingUri());
        String version = newVersion(mlflow);
        Path ref = csv("ref.csv", 1, 0);
        Path cur = csv("cur.csv", 2, 0.3);

        CliRun save = CliRun.run(env, "drift", "--reference", ref.toString(), "--profile-out", version);
        CliRun direct = CliRun.run(env, "drift", "--reference", ref.toString(), "--current", cur.toString(), "--json");
        CliRun viaModel = CliRun.run(env, "drift", "--reference", version, "--current", cur.toString(), "--json");

        assertThat(save.exitCode()).as(save.stderr()).isZero();
        assertThat(viaModel.exitCode()).as(viaModel.stderr()).isEqualTo(direct.exitCode());
        JsonNode a = new ObjectMapper().readTree(direct.stdout());
        JsonNode b = new ObjectMapper().readTree(viaModel.stdout());
        assertThat(b.path("columns")).isEqualTo(a.path("columns"));
        assertThat(b.path("reference").path("fromProfile").asBoolean()).isTrue();
        String[] parts = version.substring("models:/".length()).split("/");
        assertThat(mlflow.getModelVersion(parts[0], parts[1]).tagValues())
                .containsEntry("mlops.drift.reference_profile", "drift/reference-profile.json");
    }

    @Test
    void aProfileKeptWithAVersionIsFoundThroughTheVersionsAlias(MlflowServer server, MlflowClient mlflow)
            throws IOException {
        Map<String, String> env = Map.of("MLFLOW_TRACKING_URI", server.trackingUri());
        String version = newVersion(mlflow);
        String[] parts = version.substring("models:/".length()).split("/");
        mlflow.setAlias(parts[0], "champion", parts[1]);
        Path cur = csv("cur.csv", 2, 0.3);

        CliRun save = CliRun.run(env, "drift", "--reference", csv("ref.csv", 1, 0).toString(), "--profile-out",
                "models:/" + parts[0] + "@champion");
        CliRun byNumber = CliRun.run(env, "drift", "--reference", version, "--current", cur.toString(), "--json");
        CliRun byAlias = CliRun.run(env, "drift", "--reference", "models:/" + parts[0] + "@champion", "--current",
                cur.toString(), "--json");

        assertThat(save.exitCode()).as(save.stderr()).isZero();
        assertThat(save.stderr() + save.stdout()).contains("models:/" + parts[0] + "@champion is " + version);
        assertThat(byAlias.exitCode()).as(byAlias.stderr()).isEqualTo(byNumber.exitCode());
        assertThat(new ObjectMapper().readTree(byAlias.stdout()).path("columns"))
                .isEqualTo(new ObjectMapper().readTree(byNumber.stdout()).path("columns"));
    }

    @Test
    void anAliasThatIsNotSetIsAnInputErrorBeforeTheDataIsRead(MlflowServer server, MlflowClient mlflow)
            throws IOException {
        String name = newVersion(mlflow).substring("models:/".length()).split("/")[0];
        CliRun run = CliRun.run(Map.of("MLFLOW_TRACKING_URI", server.trackingUri()), "drift", "--reference",
                csv("ref.csv", 1, 0).toString(), "--profile-out", "models:/" + name + "@champion");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.stderr()).contains("error: model " + name + " has no alias champion")
                .doesNotContain("saved reference profile").doesNotContain("\tat ");
    }

    /** The profile kept with {@code version}, as text. */
    private String keptProfile(MlflowClient mlflow, String version) throws IOException {
        Path copy = dir.resolve("kept-" + UUID.randomUUID() + ".json");
        ModelProfiles.download(mlflow, ModelProfiles.parse(version), copy);
        return Files.readString(copy);
    }

    /**
     * Saves a profile with a new version, then runs a check of other data with {@code mistake} among its options and
     * --profile-out the same version: it must fail as an input error and leave the kept profile as it was.
     */
    private void assertRefusedBeforeSaving(MlflowServer server, MlflowClient mlflow, String error, String... mistake)
            throws IOException {
        Map<String, String> env = Map.of("MLFLOW_TRACKING_URI", server.trackingUri());
        String version = newVersion(mlflow);
        CliRun save = CliRun.run(env, "drift", "--reference", csv("ref.csv", 1, 0).toString(), "--profile-out",
                version);
        assertThat(save.exitCode()).as(save.stderr()).isZero();
        String saved = keptProfile(mlflow, version);
        List<String> args = new ArrayList<>(List.of("drift", "--reference", csv("new-ref.csv", 3, 1).toString(),
                "--profile-out", version));
        args.addAll(List.of(mistake));

        CliRun run = CliRun.run(env, args.toArray(String[]::new));

        assertThat(run.exitCode()).as(run.stderr()).isEqualTo(2);
        assertThat(run.stderr()).contains(error).doesNotContain("saved reference profile");
        assertThat(keptProfile(mlflow, version)).as("the profile kept with the version").isEqualTo(saved);
    }

    @Test
    void aMissingCurrentFileLeavesTheVersionsProfileAsItWas(MlflowServer server, MlflowClient mlflow)
            throws IOException {
        Path missing = dir.resolve("last-week.csv");
        assertRefusedBeforeSaving(server, mlflow, "error: current file " + missing + " does not exist",
                "--current", missing.toString());
    }

    @Test
    void aMisspelledRuleLeavesTheVersionsProfileAsItWas(MlflowServer server, MlflowClient mlflow)
            throws IOException {
        assertRefusedBeforeSaving(server, mlflow, "'drift_shar'", "--current", csv("cur.csv", 2, 0).toString(),
                "--rule", "drift_shar < 0.5");
    }

    @Test
    void aVersionWithoutAProfileIsAnInputError(MlflowServer server, MlflowClient mlflow) throws IOException {
        String version = newVersion(mlflow);
        CliRun run = CliRun.run(Map.of("MLFLOW_TRACKING_URI", server.trackingUri()), "drift", "--reference", version,
                "--current", csv("cur.csv", 2, 0).toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.stderr()).contains("has no drift profile").contains("--profile-out " + version);
    }

    @Test
    void aMalformedModelUriIsAnInputError(MlflowServer server) throws IOException {
        CliRun run = CliRun.run(Map.of("MLFLOW_TRACKING_URI", server.trackingUri()), "drift", "--reference",
                "models:/fraud/latest", "--current", csv("cur.csv", 2, 0).toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.stderr()).contains("is not a model version URI");
    }
}
