package io.mlopsbridge.kfp;

import com.fasterxml.jackson.databind.JsonNode;

/** {@code v2beta1PipelineVersion}; {@code pipelineSpec} is only filled by GET of a single version. */
public record KfpPipelineVersion(String pipelineId, String pipelineVersionId, String name, String displayName,
                                 String createdAt, JsonNode pipelineSpec) {
}
