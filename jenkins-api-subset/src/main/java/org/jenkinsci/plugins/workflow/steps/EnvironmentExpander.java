package org.jenkinsci.plugins.workflow.steps;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.EnvVars;
import java.io.IOException;
import java.io.Serializable;
import java.util.HashSet;
import java.util.Set;

public abstract class EnvironmentExpander implements Serializable {
    public abstract void expand(@NonNull EnvVars env) throws IOException, InterruptedException;

    public @NonNull Set<String> getSensitiveVariables() {
        return Set.of();
    }

    /** As upstream: the original's changes first, then the subsequent's; sensitive names of both. */
    public static EnvironmentExpander merge(@CheckForNull EnvironmentExpander original,
                                           @NonNull EnvironmentExpander subsequent) {
        if (original == null) {
            return subsequent;
        }
        return new Merged(original, subsequent);
    }

    private static final class Merged extends EnvironmentExpander {
        private static final long serialVersionUID = 1L;
        private final EnvironmentExpander first;
        private final EnvironmentExpander second;

        Merged(EnvironmentExpander first, EnvironmentExpander second) {
            this.first = first;
            this.second = second;
        }

        @Override
        public void expand(EnvVars env) throws IOException, InterruptedException {
            first.expand(env);
            second.expand(env);
        }

        @Override
        public Set<String> getSensitiveVariables() {
            Set<String> all = new HashSet<>(first.getSensitiveVariables());
            all.addAll(second.getSensitiveVariables());
            return all;
        }
    }
}
