package io.mlopsbridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.mlopsbridge.http.Credentials;
import io.mlopsbridge.mlflow.BasicAuth;
import io.mlopsbridge.mlflow.MlflowClient;
import io.mlopsbridge.mlflow.MlflowServer;
import io.mlopsbridge.mlflow.MlflowServerExtension;
import io.mlopsbridge.mlflow.ModelVersion;
import io.mlopsbridge.mlflow.Run;
import io.mlopsbridge.mlflow.TrainingRuns;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI against a second real server running MLflow's basic-auth app, as a CI user created through the auth
 * REST API. The password must appear nowhere: not in output, reports or tags.
 */
@ExtendWith(MlflowServerExtension.class)
class BasicAuthTest {
    private static final String USER = "ci-bot-" + TrainingRuns.shortId();
    private static final String PASSWORD = "Tr41n-" + TrainingRuns.shortId() + "-s3cret";
    private static final String GATE = "auc >= 0.9 && auc >= champion.auc - 0.005";

    private final MlflowServer server;
    private final MlflowClient asUser;
    private final String name = TrainingRuns.modelName("fraud");

    @BeforeAll
    static void createCiUser(@BasicAuth MlflowServer server) {
        server.createUser(USER, PASSWORD);
    }

    BasicAuthTest(@BasicAuth MlflowServer server) {
        this.server = server;
        this.asUser = server.client(Credentials.basic(USER, PASSWORD));
    }

    private Map<String, String> env(String password) {
        return Map.of("MLFLOW_TRACKING_URI", server.trackingUri(), "MLFLOW_TRACKING_USERNAME", USER,
                "MLFLOW_TRACKING_PASSWORD", password, "JOB_NAME", "fraud/main", "BUILD_NUMBER", "7");
    }

    @Test
    void rightCredentialsRegisterGatePromoteAndLeaveThePasswordNowhere(@TempDir Path reports) throws IOException {
        Run run = new TrainingRuns(asUser).finishedRun(Map.of("auc", 0.95));

        CliRun register = CliRun.run(env(PASSWORD), "register", "--model", name, "--run-id", run.runId(),
                "--gate", GATE, "--report-dir", reports.toString(), "--json");
        CliRun promote = CliRun.run(env(PASSWORD), "promote", "--model", name, "--from-alias", "candidate");

        assertThat(register.exitCode()).as(register.stderr()).isZero();
        assertThat(promote.exitCode()).as(promote.stderr()).isZero();
        ModelVersion version = asUser.findAlias(name, "champion").orElseThrow();
        assertThat(version.tagValues()).containsEntry("mlops.gate.verdict", "passed");

        String basic = Base64.getEncoder().encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
        List<String> everything = new java.util.ArrayList<>(List.of(register.allOutput(), promote.allOutput()));
        try (Stream<Path> files = Files.list(reports)) {
            for (Path file : files.toList()) {
                everything.add(Files.readString(file));
            }
        }
        everything.add(version.tagValues().toString());
        everything.add(asUser.getRun(run.runId()).data().tagValues().toString());
        everything.add(asUser.getRegisteredModel(name).toString());
        assertThat(everything).hasSizeGreaterThan(5).allSatisfy(text ->
                assertThat(text).doesNotContain(PASSWORD).doesNotContain(basic));
        assertThat(register.stderr()).contains("basic auth as " + USER);
    }

    @Test
    void wrongPasswordIsAClearAuthenticationErrorWithExitThree() {
        String wrong = "wrong-" + PASSWORD;

        CliRun cli = CliRun.run(env(wrong), "register", "--model", name, "--run-id",
                "0123456789abcdef0123456789abcdef");

        assertThat(cli.exitCode()).isEqualTo(ExitCode.REMOTE);
        assertThat(cli.stderr()).contains("error: MLflow at " + server.trackingUri()
                + " rejected the credentials (HTTP 401)").contains("MLFLOW_TRACKING_USERNAME");
        assertThat(cli.allOutput()).doesNotContain(wrong).doesNotContain(PASSWORD);
    }

    @Test
    void noCredentialsAtAllIsAnAuthenticationError() {
        CliRun cli = CliRun.run(Map.of("MLFLOW_TRACKING_URI", server.trackingUri()), "rollback", "--model", name);

        assertThat(cli.exitCode()).isEqualTo(ExitCode.REMOTE);
        assertThat(cli.stderr()).contains("rejected the credentials");
    }
}
