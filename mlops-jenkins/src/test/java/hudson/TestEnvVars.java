package hudson;

import java.util.Map;

/** Test-only: a build's variables (reaches the subset's package-private constructor). */
public final class TestEnvVars {
    private TestEnvVars() {
    }

    public static EnvVars of(Map<String, String> variables) {
        return new EnvVars(variables);
    }
}
