package io.mlopsbridge.deploy;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.mlopsbridge.core.InputNaming;
import io.mlopsbridge.core.MlopsException;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Everything a rollout needs to go on after the process that started it is gone: what was there before (to
 * restore it exactly), what was written, where the rollout stands and why it failed. Kept in the cluster next to
 * the service (see {@link RolloutStore}), so a Jenkins controller restart, a second CLI run or an operator with
 * {@code kubectl get configmap -o yaml} all see the same state.
 *
 * @param id              unique id of this rollout
 * @param target          what is deployed
 * @param namespace       namespace of the serving objects
 * @param name            name of the serving objects
 * @param phase           where the rollout stands
 * @param startedAt       when it was submitted
 * @param deadline        when the new version must be ready and smoke-tested
 * @param rollbackDeadline when a rollback stops waiting for the restored version, or null before a rollback
 * @param previous        the objects as they were, in write order; the first is the primary object
 * @param applied         the manifests written, in the same order
 * @param promotion       the primary manifest that gives a canary all traffic, or null without a canary
 * @param canaryPercent   the canary's share of traffic, or null
 * @param deploymentMode  KServe's mode (Knative or Standard), or null for other targets
 * @param smoke           the smoke test to run, or null
 * @param smokeReport     the smoke test's result once run
 * @param endpoint        the endpoint once ready
 * @param failure         why the rollout was rolled back, or null
 * @param rollbackNote    how the rollback ended (restored and ready, or not), or null
 * @param modelName       the MLflow model
 * @param modelVersion    the MLflow model version
 * @param rollbackTimeout how long a rollback waits for the restored version
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RolloutRecord(String id, DeployTarget target, String namespace, String name, RolloutPhase phase,
                            Instant startedAt, Instant deadline, Instant rollbackDeadline,
                            List<ObjectSnapshot> previous, List<JsonNode> applied, JsonNode promotion,
                            Integer canaryPercent, DeploymentMode deploymentMode, SmokePlan smoke,
                            SmokeReport smokeReport, String endpoint, String failure, String rollbackNote,
                            String modelName, String modelVersion, Duration rollbackTimeout) {
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS);

    public RolloutRecord {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(phase, "phase");
        previous = List.copyOf(previous);
        applied = List.copyOf(applied);
        // Kept in the cluster and read back by any front end, so inputs are named both ways, never as placeholders.
        failure = InputNaming.EITHER.render(failure);
        rollbackNote = InputNaming.EITHER.render(rollbackNote);
    }

    /** The objects the rollout writes, primary first. */
    public List<ObjectRef> refs() {
        return previous.stream().map(ObjectSnapshot::ref).toList();
    }

    public ObjectSnapshot primaryBefore() {
        return previous.get(0);
    }

    RolloutRecord inPhase(RolloutPhase next) {
        return new RolloutRecord(id, target, namespace, name, next, startedAt, deadline, rollbackDeadline, previous,
                applied, promotion, canaryPercent, deploymentMode, smoke, smokeReport, endpoint, failure,
                rollbackNote, modelName, modelVersion, rollbackTimeout);
    }

    RolloutRecord withSmokeReport(SmokeReport report) {
        return new RolloutRecord(id, target, namespace, name, phase, startedAt, deadline, rollbackDeadline, previous,
                applied, promotion, canaryPercent, deploymentMode, smoke, report, endpoint, failure, rollbackNote,
                modelName, modelVersion, rollbackTimeout);
    }

    RolloutRecord withEndpoint(String url) {
        return new RolloutRecord(id, target, namespace, name, phase, startedAt, deadline, rollbackDeadline, previous,
                applied, promotion, canaryPercent, deploymentMode, smoke, smokeReport, url, failure, rollbackNote,
                modelName, modelVersion, rollbackTimeout);
    }

    RolloutRecord rollingBack(RolloutPhase next, String why, Instant until) {
        return new RolloutRecord(id, target, namespace, name, next, startedAt, deadline, until, previous, applied,
                promotion, canaryPercent, deploymentMode, smoke, smokeReport, endpoint, why, rollbackNote, modelName,
                modelVersion, rollbackTimeout);
    }

    RolloutRecord rolledBack(String note) {
        return new RolloutRecord(id, target, namespace, name, RolloutPhase.ROLLED_BACK, startedAt, deadline,
                rollbackDeadline, previous, applied, promotion, canaryPercent, deploymentMode, smoke, smokeReport,
                endpoint, failure, note, modelName, modelVersion, rollbackTimeout);
    }

    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write rollout record " + id, e);
        }
    }

    public static RolloutRecord fromJson(String json) {
        try {
            return JSON.readValue(json, RolloutRecord.class);
        } catch (IOException e) {
            throw MlopsException.remote("rollout record: unreadable (" + e.getMessage() + ")",
                    "the record was changed by hand or by another version; delete the ConfigMap to start afresh",
                    "INVALID_RECORD", e);
        }
    }
}
