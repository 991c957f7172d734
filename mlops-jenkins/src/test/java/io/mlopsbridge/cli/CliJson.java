package io.mlopsbridge.cli;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Test-only: runs the {@code mlops} command line in-process with {@code --json} and reads its result, so the
 * Jenkins steps' return maps can be compared with what the CLI prints for the same operation.
 */
public final class CliJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private CliJson() {
    }

    public static Map<String, Object> run(Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
             PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            code = MlopsCommand.execute(new CliContext(env, o, e), args);
        }
        String stdout = out.toString(StandardCharsets.UTF_8);
        try {
            return JSON.readValue(stdout, new TypeReference<Map<String, Object>>() { });
        } catch (IOException e) {
            throw new AssertionError("mlops exited " + code + " without JSON; stderr: "
                    + err.toString(StandardCharsets.UTF_8), e);
        }
    }
}
