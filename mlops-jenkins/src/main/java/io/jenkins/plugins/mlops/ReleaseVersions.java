package io.jenkins.plugins.mlops;

import io.jenkins.plugins.mlops.config.MlopsConfiguration;
import io.mlopsbridge.lineage.ReleaseVersion;
import java.time.Clock;

/** The release a step works for: the step's own, else the global pattern expanded, else the engine's default. */
public final class ReleaseVersions {
    private ReleaseVersions() {
    }

    public static String resolve(String stepValue, MlopsConfiguration global, StepEnvironment build) {
        if (stepValue != null) {
            return stepValue;
        }
        if (global.getReleaseVersionPattern() != null) {
            return build.expand(global.getReleaseVersionPattern());
        }
        return ReleaseVersion.resolve(null, build.buildInfo(), Clock.systemUTC()).value();
    }
}
