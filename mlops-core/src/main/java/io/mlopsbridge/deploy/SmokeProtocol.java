package io.mlopsbridge.deploy;

import com.fasterxml.jackson.databind.JsonNode;

/** How a smoke test talks to the served model. */
public enum SmokeProtocol {
    /** KServe's Open Inference Protocol (v2): {@code POST /v2/models/<name>/infer}, answer with {@code outputs}. */
    OPEN_INFERENCE_V2 {
        @Override
        public String path(String modelName) {
            return "/v2/models/" + modelName + "/infer";
        }

        @Override
        boolean isAnswer(JsonNode body) {
            return body.path("outputs").isArray();
        }
    },
    /** MLflow's scoring server: {@code POST /invocations}, answer with {@code predictions}. */
    MLFLOW_SCORING {
        @Override
        public String path(String modelName) {
            return "/invocations";
        }

        @Override
        boolean isAnswer(JsonNode body) {
            return body.has("predictions");
        }
    };

    /** The request path for a model served under {@code modelName}. */
    public abstract String path(String modelName);

    /** Whether a 2xx body is a prediction; an empty or foreign answer counts as an error. */
    abstract boolean isAnswer(JsonNode body);
}
