package io.jenkins.plugins.mlops.drift;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mlopsbridge.cli.CliJson;
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

    /** {@code mlops drift --reference REF --current CUR --json OPTIONS...} on the workspace's files. */
    static Map<String, Object> ofCommandLine(Path workspace, String reference, String current, String... options) {
        List<String> args = new ArrayList<>(List.of("drift", "--reference", workspace.resolve(reference).toString(),
                "--current", workspace.resolve(current).toString(), "--json"));
        args.addAll(List.of(options));
        return CliJson.run(Map.of(), args.toArray(String[]::new));
    }
}
