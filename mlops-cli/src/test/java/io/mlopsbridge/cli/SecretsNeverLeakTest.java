package io.mlopsbridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mlopsbridge.log.UrlWithCredentials;
import io.mlopsbridge.mlflow.MlflowClient;
import io.mlopsbridge.mlflow.MlflowServer;
import io.mlopsbridge.mlflow.MlflowServerExtension;
import io.mlopsbridge.mlflow.Run;
import io.mlopsbridge.mlflow.Tag;
import io.mlopsbridge.mlflow.TrainingRuns;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Property: credentials placed anywhere in the URLs a build hands us (git URL, build URL, tracking URI), with every
 * host shape, never reach the registry's tags (read back from the real MLflow server), the output or report files.
 */
@ExtendWith(MlflowServerExtension.class)
class SecretsNeverLeakTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final MlflowServer server;
    private final MlflowClient mlflow;
    private final TrainingRuns training;
    private final String name = TrainingRuns.modelName("fraud-secrets");

    SecretsNeverLeakTest(MlflowServer server) {
        this.server = server;
        this.mlflow = server.client();
        this.training = new TrainingRuns(mlflow);
    }

    @Test
    void credentialsInLineageUrlsReachNoTagOutputOrFile(@TempDir Path reports) throws IOException {
        Random random = new Random(1313);
        for (int build = 1; build <= 8; build++) {
            UrlWithCredentials gitUrl = UrlWithCredentials.random(random);
            UrlWithCredentials buildUrl = UrlWithCredentials.random(random);
            List<String> secrets = new ArrayList<>(gitUrl.secrets());
            secrets.addAll(buildUrl.secrets());
            Run run = training.finishedRun(Map.of("auc", 0.95));
            Path dir = Files.createDirectories(reports.resolve("build-" + build));
            Map<String, String> env = Map.of("MLFLOW_TRACKING_URI", server.trackingUri(), "JOB_NAME", "fraud/main",
                    "BUILD_NUMBER", String.valueOf(build), "GIT_COMMIT", "3f9c2ab7e1d04c55aa0e2f7a31f0c9d8b6e4a210",
                    "GIT_URL", gitUrl.text(), "BUILD_URL", buildUrl.text(), "USER", "ci");

            CliRun cli = CliRun.run(env, "register", "--model", name, "--run-id", run.runId(), "--gate",
                    "auc >= 0.9", "--report-dir", dir.toString(), "--json");

            String what = gitUrl.text() + " / " + buildUrl.text();
            assertThat(cli.exitCode()).as(what + "\n" + cli.stderr()).isZero();
            String version = JSON.readTree(cli.stdout()).get("version").asText();
            List<String> stored = new ArrayList<>(mlflow.getModelVersion(name, version).tagValues().values());
            mlflow.getRun(run.runId()).data().tags().stream().map(Tag::value).forEach(stored::add);
            stored.add(cli.allOutput());
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    stored.add(Files.readString(file));
                }
            }
            for (String secret : secrets) {
                assertThat(stored).as(what).noneMatch(text -> text.contains(secret));
            }
        }
    }

    @Test
    void credentialsInATrackingUriAreRefusedWithoutBeingRepeated() {
        Random random = new Random(2626);
        int refused = 0;
        while (refused < 40) {
            UrlWithCredentials uri = UrlWithCredentials.random(random);
            if (uri.secrets().isEmpty()) {
                continue;
            }
            refused++;

            CliRun cli = CliRun.run(Map.of(), "promote", "--model", name, "--version", "1", "--tracking-uri",
                    uri.text());

            assertThat(cli.exitCode()).as(uri.text() + "\n" + cli.stderr()).isEqualTo(ExitCode.USAGE);
            for (String secret : uri.secrets()) {
                assertThat(cli.allOutput()).as(uri.text()).doesNotContain(secret);
            }
        }
    }

    @Test
    void aSecretWithQuoteAndBackslashIsMaskedInJsonOutput() throws IOException {
        String token = "tok\"en\\Zx81-q";
        Run run = training.finishedRun(Map.of("auc", 0.95));
        Map<String, String> env = new HashMap<>(Map.of("MLFLOW_TRACKING_URI", server.trackingUri(),
                "MLFLOW_TRACKING_TOKEN", token, "GIT_COMMIT", "3f9c2ab7e1d04c55aa0e2f7a31f0c9d8b6e4a210"));

        CliRun cli = CliRun.run(env, "register", "--model", name, "--run-id", run.runId(), "--ci-job",
                "fraud/" + token, "--build-number", "77", "--json");

        assertThat(cli.exitCode()).as(cli.stderr()).isZero();
        assertThat(cli.stdout()).doesNotContain("Zx81-q");
        assertThat(JSON.readTree(cli.stdout()).get("build_key").asText()).isEqualTo("fraud/****#77");
    }

    @Test
    void aKubernetesTokenWithALineBreakIsAnInputErrorAndNeitherLineIsPrinted() {
        Run run = training.finishedRun(Map.of("auc", 0.95));
        Map<String, String> env = new HashMap<>(Map.of("MLFLOW_TRACKING_URI", server.trackingUri()));
        CliRun registered = CliRun.run(env, "register", "--model", name, "--run-id", run.runId(), "--no-alias");
        assertThat(registered.exitCode()).as(registered.stderr()).isZero();
        env.put("MLOPS_KUBE_TOKEN", "eyJhbGciOiJSUzI1NiJ9.Zmlyc3QtbGluZQ\nc2Vjb25kLWxpbmU");

        CliRun cli = CliRun.run(env, "deploy", "--model", name, "--version", "1", "--target", "kserve", "--dry-run",
                "--storage-uri", "s3://models/fraud/", "--kube-server", server.trackingUri(), "--json");

        assertThat(cli.exitCode()).as(cli.allOutput()).isEqualTo(2);
        assertThat(cli.stderr()).contains("MLOPS_KUBE_TOKEN");
        assertThat(cli.allOutput()).doesNotContain("Zmlyc3QtbGluZQ").doesNotContain("c2Vjb25kLWxpbmU");
    }

    @Test
    void anMlflowTokenWithALineBreakIsAnInputErrorNamingTheVariableAndNeitherLineIsPrinted() {
        Map<String, String> env = Map.of("MLFLOW_TRACKING_URI", server.trackingUri(),
                "MLFLOW_TRACKING_TOKEN", "dapi-Zmlyc3QtbGluZQ\nc2Vjb25kLWxpbmU");

        CliRun cli = CliRun.run(env, "promote", "--model", name, "--version", "1", "--json");

        assertThat(cli.exitCode()).as(cli.allOutput()).isEqualTo(2);
        assertThat(cli.stderr()).contains("MLFLOW_TRACKING_TOKEN");
        assertThat(cli.allOutput()).doesNotContain("Zmlyc3QtbGluZQ").doesNotContain("c2Vjb25kLWxpbmU");
    }
}
