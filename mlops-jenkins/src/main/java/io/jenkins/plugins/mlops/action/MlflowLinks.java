package io.jenkins.plugins.mlops.action;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** Links into MLflow's web UI (its single-page app routes), from the server's display address. */
final class MlflowLinks {
    private MlflowLinks() {
    }

    static String version(String mlflowUi, String model, String version) {
        return base(mlflowUi) + "/#/models/" + encode(model) + "/versions/" + encode(version);
    }

    static String run(String mlflowUi, String experimentId, String runId) {
        return base(mlflowUi) + "/#/experiments/" + encode(experimentId == null ? "0" : experimentId) + "/runs/"
                + encode(runId);
    }

    private static String base(String mlflowUi) {
        return mlflowUi.endsWith("/") ? mlflowUi.substring(0, mlflowUi.length() - 1) : mlflowUi;
    }

    /** One URL path segment (also used for the build's own report links). */
    static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
