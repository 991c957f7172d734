package io.mlopsbridge.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mlopsbridge.core.MlopsException;
import io.mlopsbridge.log.BuildLog;
import io.mlopsbridge.mlflow.MlflowClient;
import io.mlopsbridge.mlflow.ModelVersion;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Moves an alias and records the move as tags on the new holder ({@code mlops.promoted_*},
 * {@code mlops.rolled_back_from}) so that the record is complete whichever step is interrupted, and so that a
 * move another build overtook leaves no record.
 *
 * <ol>
 *   <li>The record is first written as one tag, {@code mlops.pending.<alias>}, holding the tags to write (a
 *       single tag write cannot half-happen).</li>
 *   <li>The alias is moved, then read back. MLflow has no compare-and-set: if the alias now names another version,
 *       a concurrent build won; the pending tag is removed and the move fails with {@code CONFLICT}.</li>
 *   <li>The record's tags are written, then the pending tag is removed.</li>
 * </ol>
 * A process killed after step 2 leaves the alias moved and the pending tag in place; the retry finds the alias
 * already at the version and {@link #finishPending finishes} the record from the pending tag. A process killed
 * before step 2 leaves only the pending tag on a version the alias does not name; the next move of that version
 * overwrites it.
 */
final class AliasRecord {
    /** Prefix of the tag that holds a record not yet written: {@code mlops.pending.champion}. */
    static final String PENDING_PREFIX = "mlops.pending.";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<LinkedHashMap<String, String>> TAGS = new TypeReference<>() {
    };

    private final MlflowClient mlflow;
    private final BuildLog log;

    AliasRecord(MlflowClient mlflow, BuildLog log) {
        this.mlflow = Objects.requireNonNull(mlflow, "mlflow");
        this.log = Objects.requireNonNull(log, "log");
    }

    static String pendingTag(String alias) {
        return PENDING_PREFIX + alias;
    }

    /**
     * Moves {@code alias} of {@code name} from {@code before} (its holder when the caller looked) to {@code version}
     * and writes {@code record} on it. Fails with {@code CONFLICT}, leaving no record, when right after the move the
     * alias names a version that is neither ours nor {@code before}, or names {@code before} although our move was
     * accepted: another build moved it at the same moment. MLflow may also refuse one of two simultaneous first
     * moves of an alias outright (a unique-constraint error); that is the same conflict.
     */
    void move(String name, String alias, Optional<String> before, String version, Map<String, String> record) {
        String pending = pendingTag(alias);
        mlflow.setModelVersionTag(name, version, pending, toJson(record));
        MlopsException moveFailed = null;
        try {
            mlflow.setAlias(name, alias, version);
        } catch (MlopsException e) {
            moveFailed = e;
        }
        Optional<String> holder;
        try {
            holder = holder(name, alias);
        } catch (MlopsException e) {
            throw moveFailed != null ? moveFailed : e; // the pending record stays for the retry to finish or redo
        }
        if (holder.equals(Optional.of(version))) {
            write(name, version, pending, record); // moved, even if the answer to the move was lost
            return;
        }
        withdraw(name, version, pending);
        if (moveFailed != null && holder.equals(before)) {
            throw moveFailed; // nobody else moved it: our move just failed
        }
        String now = holder.map(v -> "version " + v).orElse("no version");
        throw MlopsException.conflict(name + "@" + alias + " names " + now + " right after this build moved it to"
                        + " version " + version + ": another build moved it at the same moment and won; version "
                        + version + " keeps no record of this move",
                "check which build should win and run it again; " + name + "@" + alias + " is left as it is")
                .withFact("model", name).withFact("alias", alias).withFact("version", version)
                .withFact("alias_holder", holder.orElse(null));
    }

    private Optional<String> holder(String name, String alias) {
        return mlflow.findRegisteredModel(name).flatMap(model -> model.aliasVersion(alias));
    }

    /** Removes the pending record of a move that did not stay. */
    private void withdraw(String name, String version, String pending) {
        mlflow.deleteModelVersionTag(name, version, pending);
    }

    /**
     * For a retry that finds {@code alias} already at {@code holder}: writes the record an interrupted move left
     * pending on it. Returns false when there was nothing pending.
     */
    boolean finishPending(String name, String alias, ModelVersion holder) {
        String pending = pendingTag(alias);
        String recorded = holder.tagValues().get(pending);
        if (recorded == null) {
            return false;
        }
        log.info(name + "@" + alias + " already points at version " + holder.version()
                + "; finishing the record of the move that was interrupted");
        write(name, holder.version(), pending, fromJson(recorded, name, holder.version(), pending));
        return true;
    }

    private void write(String name, String version, String pending, Map<String, String> record) {
        record.forEach((key, value) -> mlflow.setModelVersionTag(name, version, key, value));
        mlflow.deleteModelVersionTag(name, version, pending);
    }

    private static String toJson(Map<String, String> record) {
        try {
            return JSON.writeValueAsString(record);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a map of strings did not serialize", e);
        }
    }

    private static Map<String, String> fromJson(String text, String name, String version, String tag) {
        try {
            return JSON.readValue(text, TAGS);
        } catch (JsonProcessingException e) {
            throw MlopsException.input(name + " version " + version + " has an unreadable tag " + tag,
                    "delete the tag in the MLflow UI and run the promotion again");
        }
    }
}
