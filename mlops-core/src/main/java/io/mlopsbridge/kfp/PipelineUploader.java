package io.mlopsbridge.kfp;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlopsbridge.core.MlopsException;
import io.mlopsbridge.log.BuildLog;
import java.util.Comparator;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Publishes a compiled pipeline as a version named after the release version: the first upload creates the
 * pipeline (KFP names that first version after the pipeline), later ones add versions. Re-running a build with the
 * same release version and the same YAML reuses the version; the same version name with different YAML is refused,
 * because a release version must mean one pipeline definition. Two trainings publishing the same new pipeline or
 * release at once both end up with the one that was created: the loser of the create looks it up again.
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
            try {
                pipeline = client.uploadPipeline(pipelineName, file, description);
                log.info("KFP pipeline '" + pipelineName + "' created (" + pipeline.pipelineId() + ")");
            } catch (MlopsException e) {
                // Another training created it between our look-up and our upload: use theirs.
                pipeline = lostCreateRace(e, () -> client.findPipeline(pipelineName));
                log.info("KFP pipeline '" + pipelineName + "' was created by another training at the same moment ("
                        + pipeline.pipelineId() + "); using it");
            }
        }
        var existing = client.findPipelineVersion(pipeline.pipelineId(), versionName);
        if (existing.isPresent()) {
            return reuse(pipeline, existing.get(), file, versionName, "already uploaded");
        }
        KfpPipeline parent = pipeline;
        KfpPipelineVersion version;
        try {
            version = client.uploadPipelineVersion(pipeline.pipelineId(), versionName, file, description);
        } catch (MlopsException e) {
            KfpPipelineVersion theirs = lostCreateRace(e,
                    () -> client.findPipelineVersion(parent.pipelineId(), versionName));
            return reuse(pipeline, theirs, file, versionName, "uploaded by another training at the same moment");
        }
        log.info("KFP pipeline '" + pipelineName + "' version '" + versionName + "' uploaded: "
                + client.config().pipelineVersionUrl(pipeline.pipelineId(), version.pipelineVersionId()));
        return new Published(pipeline, version, true);
    }

    /** A version of the release that exists already: used when its definition is ours, else refused. */
    private Published reuse(KfpPipeline pipeline, KfpPipelineVersion found, PipelineSpecFile file, String versionName,
                            String how) {
        KfpPipelineVersion full = client.getPipelineVersion(pipeline.pipelineId(), found.pipelineVersionId());
        if (!sameSpec(full.pipelineSpec(), file.spec())) {
            throw MlopsException.input("KFP pipeline '" + pipeline.name() + "' already has a version '" + versionName
                            + "' with a different definition",
                    "use a new release version, or delete that version in the KFP UI");
        }
        log.info("KFP pipeline '" + pipeline.name() + "' version '" + versionName + "' " + how + "; reusing it");
        return new Published(pipeline, full, false);
    }

    /**
     * A create refused because the name exists (KFP's upload handler answers 409, {@code ALREADY_EXISTS}) means
     * another training created it since we looked: look it up again. Any other failure, or nothing found again,
     * is the create's own error.
     */
    private static <T> T lostCreateRace(MlopsException refused, Supplier<Optional<T>> lookUp) {
        String code = refused.remoteCode().orElse("");
        if (!code.equals("ALREADY_EXISTS") && !code.equals("HTTP 409")) {
            throw refused;
        }
        return lookUp.get().orElseThrow(() -> refused);
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
