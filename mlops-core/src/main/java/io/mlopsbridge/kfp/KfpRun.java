package io.mlopsbridge.kfp;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code v2beta1Run} as the server returns it. Every field is optional on the wire, so lists and maps are never
 * null here.
 */
public record KfpRun(String runId, String displayName, String experimentId, String description, RunState state,
                     RpcStatus error, List<StateChange> stateHistory, RunDetails runDetails,
                     Map<String, PluginOutput> pluginsOutput, String createdAt, String finishedAt) {

    public KfpRun {
        state = state == null ? RunState.RUNTIME_STATE_UNSPECIFIED : state;
        stateHistory = stateHistory == null ? List.of() : List.copyOf(stateHistory);
        runDetails = runDetails == null ? new RunDetails(List.of()) : runDetails;
        pluginsOutput = pluginsOutput == null ? Map.of() : Map.copyOf(pluginsOutput);
    }

    /** The root MLflow run the KFP MLflow plugin created for this run, if the server has the plugin enabled. */
    public Optional<String> mlflowRootRunId() {
        return Optional.ofNullable(pluginsOutput.get("mlflow"))
                .map(p -> p.entries().get("root_run_id"))
                .map(MetadataValue::value)
                .filter(JsonNode::isTextual)
                .map(JsonNode::asText)
                .filter(s -> !s.isBlank());
    }

    /**
     * Why the run did not succeed, in one line: the run's error, else the last error in its history, else the
     * first failed task's error.
     */
    public Optional<String> failureReason() {
        if (error != null && error.message() != null && !error.message().isBlank()) {
            return Optional.of(error.message());
        }
        for (int i = stateHistory.size() - 1; i >= 0; i--) {
            RpcStatus e = stateHistory.get(i).error();
            if (e != null && e.message() != null && !e.message().isBlank()) {
                return Optional.of(e.message());
            }
        }
        return runDetails.taskDetails().stream()
                .filter(t -> t.error() != null && t.error().message() != null)
                .findFirst()
                .map(t -> "task " + t.displayName() + ": " + t.error().message());
    }

    /** {@code googleRpcStatus}: gRPC code and message. */
    public record RpcStatus(Integer code, String message) {
    }

    /** One entry of {@code state_history}. */
    public record StateChange(String updateTime, RunState state, RpcStatus error) {
    }

    /** {@code v2beta1RunDetails}. */
    public record RunDetails(List<TaskDetail> taskDetails) {
        public RunDetails {
            taskDetails = taskDetails == null ? List.of() : List.copyOf(taskDetails);
        }
    }

    /** {@code v2beta1PipelineTaskDetail}: the parts a build log shows. */
    public record TaskDetail(String taskId, String displayName, RunState state, RpcStatus error, String podName,
                             String parentTaskId) {
        public TaskDetail {
            state = state == null ? RunState.RUNTIME_STATE_UNSPECIFIED : state;
        }
    }

    /** {@code v2beta1PluginOutput}: a plugin's entries (e.g. MLflow's {@code root_run_id}) and state. */
    public record PluginOutput(Map<String, MetadataValue> entries, String state, String stateMessage) {
        public PluginOutput {
            entries = entries == null ? Map.of() : Map.copyOf(entries);
        }
    }

    /** {@code v2beta1MetadataValue}. */
    public record MetadataValue(JsonNode value, String renderType) {
    }
}
