package io.mlopsbridge.kfp;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlopsbridge.core.MlopsException;
import io.mlopsbridge.log.BuildLog;
import java.util.Comparator;
import java.util.Objects;

/**
 * Publishes a compiled pipeline as a version named after the release version: the first upload creates the
 * pipeline (KFP names that first version after the pipeline), later ones add versions. Re-running a build with the
 * same release version and the same YAML reuses the version; the same version name with different YAML is refused,
 * because a release version must mean one pipeline definition.
 */
public final class PipelineUploader {
    private final KfpClient client;
    private final BuildLog log;

    public PipelineUploader(KfpClient client, BuildLog log) {
        this.client = Objects.requireNonNull(client, "client");
        this.log = Objects.requireNonNull(log, "log");
    }

    /** The pipeline and version a run will use, and whether this call created the version. */
    public record Published(KfpPipeline pipeline, KfpPipelineVersion version, boolean created) {
    }

    public Published publish(PipelineSpecFile file, String pipelineName, String versionName) {
        String description = "Uploaded by MLOps Bridge for release " + versionName;
        KfpPipeline pipeline = client.findPipeline(pipelineName).orElse(null);
        if (pipeline == null) {
            pipeline = client.uploadPipeline(pipelineName, file, description);
            log.info("KFP pipeline '" + pipelineName + "' created (" + pipeline.pipelineId() + ")");
        }
        var existing = client.findPipelineVersion(pipeline.pipelineId(), versionName);
        if (existing.isPresent()) {
            KfpPipelineVersion full = client.getPipelineVersion(pipeline.pipelineId(),
                    existing.get().pipelineVersionId());
            if (!sameSpec(full.pipelineSpec(), file.spec())) {
                throw MlopsException.input("KFP pipeline '" + pipelineName + "' already has a version '" + versionName
                                + "' with a different definition",
                        "use a new release version, or delete that version in the KFP UI");
            }
            log.info("KFP pipeline '" + pipelineName + "' version '" + versionName + "' already uploaded; reusing it");
            return new Published(pipeline, full, false);
        }
        KfpPipelineVersion version = client.uploadPipelineVersion(pipeline.pipelineId(), versionName, file,
                description);
        log.info("KFP pipeline '" + pipelineName + "' version '" + versionName + "' uploaded: "
                + client.config().pipelineVersionUrl(pipeline.pipelineId(), version.pipelineVersionId()));
        return new Published(pipeline, version, true);
    }

    /**
     * The server returns the spec it stored; with a platform spec it wraps both as {@code pipeline_spec} and
     * {@code platform_spec}. Numbers compare by value (YAML {@code 1.0} may come back as {@code 1}).
     */
    static boolean sameSpec(JsonNode stored, JsonNode ours) {
        if (stored == null || stored.isNull() || stored.isMissingNode()) {
            return false;
        }
        JsonNode spec = stored.has("pipeline_spec") && !stored.has("root") ? stored.get("pipeline_spec") : stored;
        return spec.equals(NUMERIC_VALUE, ours);
    }

    private static final Comparator<JsonNode> NUMERIC_VALUE = (a, b) -> {
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue());
        }
        return a.equals(b) ? 0 : 1;
    };
}
