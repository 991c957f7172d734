package io.jenkins.plugins.mlops.train;

import hudson.EnvVars;
import hudson.util.Secret;
import java.io.Serial;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jenkinsci.plugins.workflow.steps.EnvironmentExpander;

/**
 * The open run's variables for the block: {@code MLFLOW_RUN_ID}, {@code MLFLOW_TRACKING_URI}, ... and the MLflow
 * credential variables, which are declared sensitive. Persisted with the block, so a block resumed after a restart
 * still has them all; the credential values are held as {@link Secret}s, which Jenkins writes encrypted into
 * {@code program.dat}, never as plain strings.
 */
final class RunVariables extends EnvironmentExpander {
    @Serial
    private static final long serialVersionUID = 2L;

    private final Map<String, String> plain;
    private final Map<String, Secret> secret;

    private RunVariables(Map<String, String> plain, Map<String, Secret> secret) {
        this.plain = plain;
        this.secret = secret;
    }

    /** {@code variables}, where those whose value is one of {@code secrets} are sensitive. */
    static RunVariables of(Map<String, String> variables, List<String> secrets) {
        Map<String, String> plain = new LinkedHashMap<>();
        Map<String, Secret> secret = new LinkedHashMap<>();
        variables.forEach((name, value) -> {
            if (secrets.contains(value)) {
                secret.put(name, Secret.fromString(value));
            } else {
                plain.put(name, value);
            }
        });
        return new RunVariables(plain, secret);
    }

    @Override
    public void expand(EnvVars env) {
        env.overrideAll(plain);
        Map<String, String> revealed = new LinkedHashMap<>();
        secret.forEach((name, value) -> revealed.put(name, value.getPlainText()));
        env.overrideAll(revealed);
    }

    @Override
    public Set<String> getSensitiveVariables() {
        return Set.copyOf(secret.keySet());
    }
}
