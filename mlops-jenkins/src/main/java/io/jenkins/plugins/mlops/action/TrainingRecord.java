package io.jenkins.plugins.mlops.action;

import io.mlopsbridge.train.TrainingResult;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/** A training run of this build: where it ran, its state, links to MLflow and Kubeflow, its metrics. */
public final class TrainingRecord {
    private final String backend;
    private final String status;
    private final boolean succeeded;
    private final String mlflowRunId;
    private final String mlflowLink;
    private final String kfpRunId;
    private final String kfpRunUrl;
    private final LinkedHashMap<String, Double> metrics;

    TrainingRecord(TrainingResult result, String mlflowLink) {
        this.backend = result.backend();
        this.status = result.status();
        this.succeeded = result.succeeded();
        this.mlflowRunId = result.mlflowRunId();
        this.mlflowLink = mlflowLink;
        this.kfpRunId = result.kfpRunId();
        this.kfpRunUrl = result.kfpRunUrl();
        // Sorted by name, in a LinkedHashMap: XStream reads a TreeMap back by reflecting into java.util, which Java 17
        // refuses unless Jenkins is started with --add-opens.
        this.metrics = new LinkedHashMap<>(new TreeMap<>(result.metrics()));
    }

    public String getBackend() {
        return backend;
    }

    public String getStatus() {
        return status;
    }

    public boolean isSucceeded() {
        return succeeded;
    }

    public String getMlflowRunId() {
        return mlflowRunId;
    }

    public String getMlflowLink() {
        return mlflowLink;
    }

    public String getKfpRunId() {
        return kfpRunId;
    }

    public String getKfpRunUrl() {
        return kfpRunUrl;
    }

    public Map<String, Double> getMetrics() {
        return Map.copyOf(metrics);
    }
}
