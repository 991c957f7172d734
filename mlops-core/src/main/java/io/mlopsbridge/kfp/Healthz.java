package io.mlopsbridge.kfp;

/** {@code GET /apis/v2beta1/healthz}: whether the server runs in multi-user mode (runs then need a namespace). */
public record Healthz(boolean multiUser, String pipelineStore) {
}
