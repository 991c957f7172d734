package io.mlopsbridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mlopsbridge.mlflow.MlflowClient;
import io.mlopsbridge.mlflow.MlflowServer;
import io.mlopsbridge.mlflow.MlflowServerExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** `mlops drift --model`: the retraining decision, with its state on a real MLflow server. */
@ExtendWith(MlflowServerExtension.class)
class DriftRetrainCommandTest {
    @TempDir
    Path dir;

    private Path csv(String name, long seed, double shift) throws IOException {
        Random random = new Random(seed);
        List<String> lines = new ArrayList<>(List.of("amount"));
        for (int i = 0; i < 400; i++) {
            lines.add(String.format(Locale.ROOT, "%.2f", 100 + 20 * shift + 10 * random.nextGaussian()));
        }
        return Files.write(dir.resolve(name), lines);
    }

    @Test
    void driftTriggersRetrainingOncePerCooldown(MlflowServer server, MlflowClient mlflow) throws IOException {
        String model = "churn-" + UUID.randomUUID().toString().substring(0, 8);
        mlflow.createRegisteredModel(model, null, List.of());
        Map<String, String> env = Map.of("MLFLOW_TRACKING_URI", server.trackingUri());
        String[] args = {"drift", "--reference", csv("ref.csv", 1, 0).toString(), "--current",
            csv("cur.csv", 2, 1).toString(), "--model", model, "--cooldown", "6h", "--json"};

        CliRun first = CliRun.run(env, args);
        CliRun second = CliRun.run(env, args);

        assertThat(first.exitCode()).as(first.stderr()).isEqualTo(1);
        JsonNode firstJson = new ObjectMapper().readTree(first.stdout());
        assertThat(firstJson.path("retrain").path("retrain").asBoolean()).isTrue();
        assertThat(second.exitCode()).isEqualTo(1);
        JsonNode secondJson = new ObjectMapper().readTree(second.stdout());
        assertThat(secondJson.path("retrain").path("retrain").asBoolean()).isFalse();
        assertThat(secondJson.path("retrain").path("reason").asText()).contains("within the cooldown of 6h");
        assertThat(mlflow.getRegisteredModel(model).tags()).anyMatch(t -> t.key().equals(
                "mlops.drift.last_retrain_trigger"));
    }

    @Test
    void anUnwritableReportIsRefusedBeforeTheRetrainingTriggerIsRecorded(MlflowServer server, MlflowClient mlflow)
            throws IOException {
        String model = "churn-" + UUID.randomUUID().toString().substring(0, 8);
        mlflow.createRegisteredModel(model, null, List.of());
        Path aFile = Files.writeString(dir.resolve("passwd"), "root:x:0:0");

        CliRun run = CliRun.run(Map.of("MLFLOW_TRACKING_URI", server.trackingUri()), "drift", "--reference",
                csv("ref.csv", 1, 0).toString(), "--current", csv("cur.csv", 2, 1).toString(), "--model", model,
                "--html", aFile.resolve("drift.html").toString());

        assertThat(run.exitCode()).as(run.stderr()).isEqualTo(2);
        assertThat(run.stderr()).contains("error: cannot write HTML report " + aFile.resolve("drift.html") + ": "
                + aFile + " exists and is not a directory");
        assertThat(mlflow.getRegisteredModel(model).tags()).as("no retraining trigger recorded").isEmpty();
    }

    @Test
    void noDriftLeavesTheModelUntouched(MlflowServer server, MlflowClient mlflow) throws IOException {
        String model = "churn-" + UUID.randomUUID().toString().substring(0, 8);
        mlflow.createRegisteredModel(model, null, List.of());
        CliRun run = CliRun.run(Map.of("MLFLOW_TRACKING_URI", server.trackingUri()), "drift", "--reference",
                csv("ref.csv", 1, 0).toString(), "--current", csv("cur.csv", 2, 0).toString(), "--model", model);
        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(run.stdout()).contains("retrain " + model + ": false (no drift)");
        assertThat(mlflow.getRegisteredModel(model).tags()).isEmpty();
    }
}
