package io.jenkins.plugins.mlops.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.mlops.StepFailure;
import io.mlopsbridge.cli.CliJson;
import io.mlopsbridge.core.MlopsException;
import io.mlopsbridge.log.SecretMasker;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The two answers a checkDrift test compares, for files in a workspace folder: the agent's (the step's callable run
 * on the folder, as the agent runs it; no build, no MLflow) and the command line's ({@code mlops drift --json} on the
 * same files, in-process).
 */
final class AgentAnswers {
    private static final ObjectMapper JSON = new ObjectMapper();

    private AgentAnswers() {
    }

    /** The result map the step returns for {@code step} on {@code workspace}. */
    static Map<String, Object> ofStep(Path workspace, CheckDriftStep step) throws IOException {
        DriftOnAgent.Outcome outcome = new DriftOnAgent(step.spec()).invoke(workspace.toFile(), null);
        return JSON.readValue(outcome.json(), new TypeReference<Map<String, Object>>() { });
    }

    /** The one line the step fails with when the agent's check refuses {@code step}. */
    static String refusal(Path workspace, CheckDriftStep step) {
        Throwable refused = catchThrowable(() -> ofStep(workspace, step));
        assertThat(refused).as("the check's refusal").isInstanceOf(MlopsException.class);
        return StepFailure.of(refused, SecretMasker.none()).getMessage();
    }

    /** {@code mlops drift --reference REF --current CUR --json OPTIONS...} on the workspace's files. */
    static Map<String, Object> ofCommandLine(Path workspace, String reference, String current, String... options) {
        List<String> args = new ArrayList<>(List.of("drift", "--reference", workspace.resolve(reference).toString(),
                "--current", workspace.resolve(current).toString(), "--json"));
        args.addAll(List.of(options));
        return CliJson.run(Map.of(), args.toArray(String[]::new));
    }
}
