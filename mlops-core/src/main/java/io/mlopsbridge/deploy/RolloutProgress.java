package io.mlopsbridge.deploy;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The result of one look at a rollout: the record after any step it took, and what the cluster reported.
 *
 * @param record the rollout record as saved
 * @param detail the serving objects' state as reported, e.g. {@code Ready=False (RevisionMissing)}
 */
public record RolloutProgress(RolloutRecord record, String detail) {
    public RolloutProgress {
        Objects.requireNonNull(record, "record");
        Objects.requireNonNull(detail, "detail");
    }

    public boolean done() {
        return record.phase().terminal();
    }

    /** Subject → state, for progress lines that appear only when something changes. */
    public Map<String, String> states() {
        Map<String, String> states = new LinkedHashMap<>();
        states.put("", record.phase().name().toLowerCase(Locale.ROOT).replace('_', ' '));
        if (!detail.isEmpty()) {
            states.put(record.target() == DeployTarget.KSERVE ? "InferenceService" : "Deployment", detail);
        }
        return states;
    }
}
