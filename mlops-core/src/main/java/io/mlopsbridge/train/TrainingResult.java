package io.mlopsbridge.train;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.mlopsbridge.core.MlopsException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What a training step hands on: how it ended, the MLflow run that holds its metrics and model, and for Kubeflow
 * the KFP run. {@code status} is the backend's own word: the KFP run state ({@code SUCCEEDED}, {@code FAILED},
 * {@code CANCELED}, {@code SKIPPED}) or the MLflow run status of a local command ({@code FINISHED}, {@code FAILED},
 * {@code KILLED}).
 *
 * @param failure  why it did not succeed, one line, or null
 * @param timedOut it was stopped because it ran past its deadline (a local command past {@code --timeout}); the
 *                 status is then the stopped run's ({@code KILLED}) and {@link #requireSucceeded} reports a timeout
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"backend", "status", "succeeded", "mlflowRunId", "mlflowExperimentId", "metrics", "kfpRunId",
    "kfpRunUrl", "kfpPipelineId", "kfpPipelineVersionId", "releaseVersion", "failure"})
public record TrainingResult(String backend, String status, boolean succeeded, String mlflowRunId,
                             String mlflowExperimentId, Map<String, Double> metrics, String kfpRunId, String kfpRunUrl,
                             String kfpPipelineId, String kfpPipelineVersionId, String releaseVersion,
                             String failure, @JsonIgnore boolean timedOut) {

    public static final String LOCAL = "local";
    public static final String KUBEFLOW = "kubeflow";

    /** The engine's code for a deadline that passed, as the wait poller reports a KFP run's. */
    static final String DEADLINE_EXCEEDED = "DEADLINE_EXCEEDED";

    /** A result of training that ran to its end (succeeded or failed on its own). */
    public TrainingResult(String backend, String status, boolean succeeded, String mlflowRunId,
                          String mlflowExperimentId, Map<String, Double> metrics, String kfpRunId, String kfpRunUrl,
                          String kfpPipelineId, String kfpPipelineVersionId, String releaseVersion, String failure) {
        this(backend, status, succeeded, mlflowRunId, mlflowExperimentId, metrics, kfpRunId, kfpRunUrl,
                kfpPipelineId, kfpPipelineVersionId, releaseVersion, failure, false);
    }

    public TrainingResult {
        Objects.requireNonNull(backend, "backend");
        Objects.requireNonNull(status, "status");
        metrics = metrics == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
    }

    /**
     * Returns this result if training succeeded; otherwise throws the failure (a remote error: exit code 3) with the
     * final state as its code, or {@code DEADLINE_EXCEEDED} when it was stopped at its deadline, as a KFP run's wait
     * reports it, so front ends tell a timeout from a failure.
     */
    public TrainingResult requireSucceeded() {
        if (succeeded) {
            return this;
        }
        String message = failure != null ? failure : "training ended " + status;
        if (timedOut) {
            throw MlopsException.remote(message, "raise the timeout if the training needs longer", DEADLINE_EXCEEDED,
                    null);
        }
        String where = kfpRunUrl != null ? "see " + kfpRunUrl
                : mlflowRunId != null ? "MLflow run " + mlflowRunId + " has the details" : null;
        throw MlopsException.remote(message, where, status, null);
    }

    /**
     * The result as front ends return it: the CLI's {@code train --json} and the Jenkins {@code trainModel} step's
     * return map have exactly these keys (docs/jenkins.md); the Kubeflow keys only for a Kubeflow run.
     */
    public Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("backend", backend);
        json.put("status", status);
        json.put("succeeded", succeeded);
        json.put("mlflow_run_id", mlflowRunId);
        json.put("mlflow_experiment_id", mlflowExperimentId);
        json.put("metrics", new LinkedHashMap<>(metrics));
        if (kfpRunId != null) {
            json.put("kfp_run_id", kfpRunId);
            json.put("kfp_run_url", kfpRunUrl);
            json.put("kfp_pipeline_id", kfpPipelineId);
            json.put("kfp_pipeline_version_id", kfpPipelineVersionId);
        }
        json.put("release_version", releaseVersion);
        if (failure != null) {
            json.put("failure", failure);
        }
        return json;
    }
}
