package io.jenkins.plugins.mlops;

import io.jenkins.plugins.mlops.config.MlopsConfiguration;
import io.mlopsbridge.core.MlopsException;
import io.mlopsbridge.lineage.ReleaseVersion;
import java.time.Clock;

/** The release a step works for: the step's own, else the global pattern expanded, else the engine's default. */
public final class ReleaseVersions {
    private ReleaseVersions() {
    }

    /** @param stepValue the step's own release version, already checked when the step was bound; or null */
    public static String resolve(String stepValue, MlopsConfiguration global, StepEnvironment build) {
        if (stepValue != null) {
            return stepValue;
        }
        String patterned = fromPattern(global, build);
        if (patterned != null) {
            return patterned;
        }
        return ReleaseVersion.resolve(null, build.buildInfo(), Clock.systemUTC()).value();
    }

    /**
     * The global release version pattern expanded with the build's variables, or null without a pattern. What it
     * makes is checked as register checks a release, so a training or deployment does not run for a release its
     * model can never be registered under.
     */
    public static String fromPattern(MlopsConfiguration global, StepEnvironment build) {
        String pattern = global.getReleaseVersionPattern();
        if (pattern == null) {
            return null;
        }
        String expanded = build.expand(pattern);
        try {
            return ReleaseVersion.given(expanded, "release version").value();
        } catch (MlopsException e) {
            throw MlopsException.input("release version '" + expanded + "' (made by the global release version"
                    + " pattern '" + pattern + "') is not valid", e.hint().orElse(null));
        }
    }
}
