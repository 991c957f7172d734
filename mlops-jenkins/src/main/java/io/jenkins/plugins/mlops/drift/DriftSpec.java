package io.jenkins.plugins.mlops.drift;

import java.io.Serial;
import java.io.Serializable;
import java.util.List;

/** A checkDrift call's arguments as they travel to the agent: workspace-relative paths and plain values only. */
record DriftSpec(String reference, String current, String profile, String method, Double threshold,
                 Double driftShare, List<String> columns, List<String> exclude, String rule, String html,
                 String junit, Long maxBadRows)
        implements Serializable {
    @Serial
    private static final long serialVersionUID = 1L;
}
