package io.jenkins.plugins.mlops.train;

import hudson.EnvVars;
import java.io.Serial;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.jenkinsci.plugins.workflow.steps.EnvironmentExpander;

/**
 * The open run's variables for the block: {@code MLFLOW_RUN_ID}, {@code MLFLOW_TRACKING_URI}, ... and the MLflow
 * credential variables, which are declared sensitive. The secret values are kept out of the persisted program
 * (transient): a block still running when the controller restarts goes on without the credential variables.
 */
final class RunVariables extends EnvironmentExpander {
    @Serial
    private static final long serialVersionUID = 1L;

    private final Map<String, String> plain;
    private final Set<String> sensitive;
    private final transient Map<String, String> secret;

    private RunVariables(Map<String, String> plain, Set<String> sensitive, Map<String, String> secret) {
        this.plain = plain;
        this.sensitive = sensitive;
        this.secret = secret;
    }

    static RunVariables of(Map<String, String> variables, java.util.List<String> secrets) {
        Map<String, String> plain = new LinkedHashMap<>();
        Map<String, String> secret = new HashMap<>();
        variables.forEach((name, value) -> (secrets.contains(value) ? secret : plain).put(name, value));
        return new RunVariables(plain, Set.copyOf(secret.keySet()), secret);
    }

    @Override
    public void expand(EnvVars env) {
        env.overrideAll(plain);
        if (secret != null) {
            env.overrideAll(secret);
        }
    }

    @Override
    public Set<String> getSensitiveVariables() {
        return sensitive.stream().collect(Collectors.toUnmodifiableSet());
    }
}
