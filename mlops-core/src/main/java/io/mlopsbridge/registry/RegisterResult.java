package io.mlopsbridge.registry;

import io.mlopsbridge.gate.GateReportFiles;
import io.mlopsbridge.gate.GateVerdict;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The outcome of a registration.
 *
 * @param modelName       registered model name
 * @param version         the model version (READY)
 * @param source          what the version was made from
 * @param runId           the training run
 * @param release         the release version recorded on the version and the run
 * @param modelIdentity   32-hex identity (Jenkins fingerprint)
 * @param buildKey        {@code job#build} that makes registration idempotent, or null when unknown
 * @param reused          true when this build had already registered the version (nothing new was created)
 * @param verdict         the gate's verdict, or null when no gate was given
 * @param championVersion the version that held the champion alias when the registration read the model (before
 *                        writing), whether or not the gate compared with it; null when no version held it
 * @param aliasSet        the alias set on the version (gate passed), or null
 * @param tags            the version's tags after registration
 * @param reportFiles     where the gate report was written, or null
 */
public record RegisterResult(String modelName, String version, String source, String runId, String release,
                             String modelIdentity, String buildKey, boolean reused, GateVerdict verdict,
                             String championVersion, String aliasSet, Map<String, String> tags,
                             GateReportFiles reportFiles) {

    public RegisterResult {
        tags = Map.copyOf(tags);
    }

    /** True when there was no gate or it passed. */
    public boolean passed() {
        return verdict == null || verdict.passed();
    }

    public Optional<GateVerdict> gateVerdict() {
        return Optional.ofNullable(verdict);
    }

    /**
     * The result as front ends return it: the CLI's {@code --json} and the Jenkins step's return map have exactly
     * these keys (docs/registry.md). The gate is the gate report's own JSON tree.
     */
    public Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("model", modelName);
        json.put("version", version);
        json.put("source", source);
        json.put("run_id", runId);
        json.put("release", release);
        json.put("model_identity", modelIdentity);
        json.put("build_key", buildKey);
        json.put("reused", reused);
        json.put("passed", passed());
        json.put("alias_set", aliasSet);
        json.put("champion_version", championVersion);
        json.put("gate", verdict == null ? null : gateTree(verdict));
        json.put("tags", new TreeMap<>(tags));
        if (reportFiles != null) {
            json.put("report_json", reportFiles.json().toString());
            json.put("report_markdown", reportFiles.markdown().toString());
        }
        return json;
    }

    private static Object gateTree(GateVerdict verdict) {
        try {
            return new ObjectMapper().readTree(verdict.toJson());
        } catch (IOException e) {
            throw new UncheckedIOException("gate verdict JSON did not parse", e);
        }
    }
}
