package io.jenkins.plugins.mlops.action;

import io.mlopsbridge.deploy.DeployResult;
import io.mlopsbridge.deploy.RolloutResult;
import io.mlopsbridge.deploy.SmokeOutcome;
import java.util.Locale;

/** A deployment of this build: target, service, canary, smoke-test figures and how it ended. */
public final class DeploymentRecord {
    private final String model;
    private final String version;
    private final String target;
    private final String namespace;
    private final String service;
    private final String endpoint;
    private final Integer canaryPercent;
    private final String outcome;
    private final boolean succeeded;
    private final boolean dryRun;
    private final String smokeSummary;
    private final String smokeFigures;
    private final String failure;

    DeploymentRecord(DeployResult result) {
        RolloutResult rollout = result.rollout();
        this.model = result.modelName();
        this.version = result.version();
        this.dryRun = result.dryRun();
        this.succeeded = result.succeeded();
        this.target = rollout == null ? null : rollout.target().toString().toLowerCase(Locale.ROOT);
        this.namespace = rollout == null ? null : rollout.namespace();
        this.service = rollout == null ? null : rollout.name();
        this.endpoint = rollout == null ? null : rollout.endpoint();
        this.canaryPercent = rollout == null ? null : rollout.canaryPercent();
        this.outcome = dryRun ? "DRY RUN" : rollout == null ? null : rollout.outcome().toString();
        this.failure = rollout == null ? null : rollout.failure();
        this.smokeSummary = rollout == null || rollout.smoke() == null ? null : rollout.smoke().summary();
        this.smokeFigures = rollout == null || rollout.smoke() == null ? null : figures(rollout.smoke().outcome());
    }

    private static String figures(SmokeOutcome smoke) {
        return String.format(Locale.ROOT, "%d requests, %d errors, p50 %.1f ms, p95 %.1f ms, max %.1f ms",
                smoke.requests(), smoke.errors(), smoke.latencyP50Ms(), smoke.latencyP95Ms(), smoke.latencyMaxMs());
    }

    public String getModel() {
        return model;
    }

    public String getVersion() {
        return version;
    }

    public String getTarget() {
        return target;
    }

    public String getNamespace() {
        return namespace;
    }

    public String getService() {
        return service;
    }

    public String getEndpoint() {
        return endpoint;
    }

    /** The share of traffic the new version got first, or null for a full rollout. */
    public Integer getCanaryPercent() {
        return canaryPercent;
    }

    public String getOutcome() {
        return outcome;
    }

    public boolean isSucceeded() {
        return succeeded;
    }

    public boolean isDryRun() {
        return dryRun;
    }

    public String getSmokeSummary() {
        return smokeSummary;
    }

    public String getSmokeFigures() {
        return smokeFigures;
    }

    public String getFailure() {
        return failure;
    }
}
