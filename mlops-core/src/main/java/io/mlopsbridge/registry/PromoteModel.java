package io.mlopsbridge.registry;

import static io.mlopsbridge.registry.RegistryInputNames.ALIAS;
import static io.mlopsbridge.registry.RegistryInputNames.ALLOW_REJECTED;
import static io.mlopsbridge.registry.RegistryInputNames.FROM_ALIAS;
import static io.mlopsbridge.registry.RegistryInputNames.VERSION;

import io.mlopsbridge.core.Cancellation;
import io.mlopsbridge.core.MlopsException;
import io.mlopsbridge.lineage.BuildInfo;
import io.mlopsbridge.lineage.LineageTags;
import io.mlopsbridge.log.BuildLog;
import io.mlopsbridge.mlflow.MlflowClient;
import io.mlopsbridge.mlflow.ModelVersion;
import io.mlopsbridge.mlflow.RegisteredModel;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Moves an alias (by default {@code champion}) to a version. The previous holder is remembered as the alias
 * {@code previous-<alias>} and as the tag {@code mlops.promoted_from} on the new holder, with who, when and which
 * build promoted it; MLflow itself keeps no alias history. The record is complete whichever step is interrupted
 * and a promotion another build overtook leaves none ({@link AliasRecord}). Promoting the version that already
 * holds the alias changes nothing but finishing an interrupted record, so a retried promotion is harmless.
 */
public final class PromoteModel {
    private final MlflowClient mlflow;
    private final BuildLog log;
    private final Clock clock;

    public PromoteModel(MlflowClient mlflow, BuildLog log) {
        this(mlflow, log, Clock.systemUTC());
    }

    public PromoteModel(MlflowClient mlflow, BuildLog log, Clock clock) {
        this.mlflow = Objects.requireNonNull(mlflow, "mlflow");
        this.log = Objects.requireNonNull(log, "log");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public AliasMove promote(PromoteRequest request) {
        return promote(request, Cancellation.none());
    }

    /**
     * Promotes, honouring {@code cancellation}: a cancel during the reads cuts them off and ends the promotion as
     * {@link MlopsException#aborted} with nothing written; once the first write is sent the move is finished.
     */
    public AliasMove promote(PromoteRequest request, Cancellation cancellation) {
        String name = RegistryNames.requireModelName(request.modelName());
        String alias = RegistryNames.requirePromotedAlias(request.alias(), ALIAS);
        Aborting abort = new Aborting(cancellation, notMoved(name, alias));
        abort.check();
        return abort.run(() -> promote(request, name, alias, mlflow.cancelledBy(cancellation), abort));
    }

    private AliasMove promote(PromoteRequest request, String name, String alias, MlflowClient reads,
                              Aborting abort) {
        String previousAlias = PromoteRequest.previousAlias(alias);
        RegisteredModel model = requireModel(reads, name);
        String version = targetVersion(request, model);
        ModelVersion target = reads.findModelVersion(name, version).orElseThrow(() -> MlopsException.input(
                name + " has no version " + version, "check the version number in the MLflow UI"));
        if (!target.isReady()) {
            throw MlopsException.input(name + " version " + version + " is " + target.status() + ", not READY",
                    "wait for the registration to finish, or promote another version");
        }
        if (LineageTags.GATE_REJECTED.equals(target.tagValues().get(LineageTags.GATE_VERDICT))
                && !request.allowRejected()) {
            throw MlopsException.input(name + " version " + version + " failed its gate ("
                    + LineageTags.GATE_VERDICT + "=" + LineageTags.GATE_REJECTED + ")",
                    "promote a version that passed, or pass " + ALLOW_REJECTED + " to override");
        }

        Optional<String> current = model.aliasVersion(alias);
        AliasRecord record = new AliasRecord(mlflow, log);
        abort.commit(); // the writes begin: the move and its record are finished, even when a cancel comes meanwhile
        if (current.filter(version::equals).isPresent()) {
            if (!record.finishPending(name, alias, target)) {
                log.info(name + "@" + alias + " already points at version " + version + "; nothing to do");
            }
            return new AliasMove(name, alias, version, model.aliasVersion(previousAlias).orElse(null),
                    previousAlias, false);
        }
        // Remember the old holder first: if we stop halfway, the alias still points at a working version.
        current.ifPresent(old -> mlflow.setAlias(name, previousAlias, old));
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put(LineageTags.PROMOTED_FROM, current.orElse("none"));
        tags.putAll(whoAndWhen(request.build(), clock));
        record.move(name, alias, current, version, tags);
        log.info("Promoted " + name + " version " + version + " to " + alias
                + current.map(old -> " (was version " + old + ", kept as " + previousAlias + ")").orElse(""));
        return new AliasMove(name, alias, version, current.orElse(null), previousAlias, true);
    }

    private String targetVersion(PromoteRequest request, RegisteredModel model) {
        if (request.version() != null) {
            if (request.fromAlias() != null) {
                throw MlopsException.input("give either a version or " + FROM_ALIAS + ", not both", null);
            }
            return RegistryNames.requireVersion(request.version());
        }
        if (request.fromAlias() == null) {
            throw MlopsException.input("no version to promote",
                    "give " + VERSION + " N or " + FROM_ALIAS + " candidate");
        }
        String from = RegistryNames.requireAlias(request.fromAlias(), "from-alias");
        return model.aliasVersion(from).orElseThrow(() -> MlopsException.input(
                "no version of " + model.name() + " holds alias '" + from + "'",
                "register a version that passes its gate first, or give " + VERSION));
    }

    /** What a promotion or rollback stopped before its first write leaves: the alias where it was. */
    static String notMoved(String name, String alias) {
        return name + "@" + alias + " not moved";
    }

    static RegisteredModel requireModel(MlflowClient mlflow, String name) {
        return mlflow.findRegisteredModel(name).orElseThrow(() -> MlopsException.input(
                "registered model '" + name + "' not found on MLflow at " + mlflow.config().displayUri(),
                "check the model name (it is case-sensitive)"));
    }

    /** Who, when and which build moved an alias: the tags a promotion and a rollback both record. */
    static Map<String, String> whoAndWhen(BuildInfo build, Clock clock) {
        Map<String, String> tags = new LinkedHashMap<>();
        if (build.registeredBy() != null) {
            tags.put(LineageTags.PROMOTED_BY, build.registeredBy());
        }
        tags.put(LineageTags.PROMOTED_AT, Instant.now(clock).truncatedTo(ChronoUnit.SECONDS).toString());
        String buildRef = build.buildUrl() != null ? build.buildUrl() : build.buildKey().orElse(null);
        if (buildRef != null) {
            tags.put(LineageTags.PROMOTED_BUILD, buildRef);
        }
        return tags;
    }
}
