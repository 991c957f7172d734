package io.mlopsbridge.registry;

import static io.mlopsbridge.registry.RegistryInputNames.ALIAS;

import io.mlopsbridge.core.Cancellation;
import io.mlopsbridge.core.MlopsException;
import io.mlopsbridge.lineage.BuildInfo;
import io.mlopsbridge.lineage.LineageTags;
import io.mlopsbridge.log.BuildLog;
import io.mlopsbridge.mlflow.MlflowClient;
import io.mlopsbridge.mlflow.ModelVersion;
import io.mlopsbridge.mlflow.RegisteredModel;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Points an alias back at the version remembered in {@code previous-<alias>} by the last promotion. The rolled-back
 * version is named in the tag {@code mlops.rolled_back_from} of the restored one. {@code previous-<alias>} is left
 * as it is, so a retried rollback finds the alias already restored and changes nothing but finishing a record an
 * interrupted rollback left pending ({@link AliasRecord}).
 */
public final class RollbackModel {
    private final MlflowClient mlflow;
    private final BuildLog log;
    private final Clock clock;

    public RollbackModel(MlflowClient mlflow, BuildLog log) {
        this(mlflow, log, Clock.systemUTC());
    }

    public RollbackModel(MlflowClient mlflow, BuildLog log, Clock clock) {
        this.mlflow = Objects.requireNonNull(mlflow, "mlflow");
        this.log = Objects.requireNonNull(log, "log");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public AliasMove rollback(String modelName, String alias, BuildInfo build) {
        return rollback(modelName, alias, build, Cancellation.none());
    }

    /**
     * Rolls back, honouring {@code cancellation}: a cancel during the reads cuts them off and ends the rollback as
     * {@link MlopsException#aborted} with nothing written; once the first write is sent the move is finished.
     */
    public AliasMove rollback(String modelName, String alias, BuildInfo build, Cancellation cancellation) {
        String name = RegistryNames.requireModelName(modelName);
        RegistryNames.requirePromotedAlias(alias, ALIAS);
        Aborting abort = new Aborting(cancellation, PromoteModel.notMoved(name, alias));
        abort.check();
        return abort.run(() -> rollback(name, alias, build, mlflow.cancelledBy(cancellation), abort));
    }

    private AliasMove rollback(String name, String alias, BuildInfo build, MlflowClient reads, Aborting abort) {
        String previousAlias = PromoteRequest.previousAlias(alias);
        RegisteredModel model = PromoteModel.requireModel(reads, name);
        String previous = model.aliasVersion(previousAlias).orElseThrow(() -> MlopsException.input(
                name + " has no alias '" + previousAlias + "' to roll " + alias + " back to",
                "roll back only after a promotion, or promote the wanted version explicitly"));
        Optional<String> current = model.aliasVersion(alias);
        AliasRecord record = new AliasRecord(mlflow, log);
        if (current.filter(previous::equals).isPresent()) {
            ModelVersion holder = reads.getModelVersion(name, previous);
            abort.commit(); // the writes begin: a record once begun is finished, even when a cancel comes meanwhile
            if (!record.finishPending(name, alias, holder)) {
                log.info(name + "@" + alias + " already points at version " + previous + "; nothing to roll back");
            }
            return new AliasMove(name, alias, previous, previous, previousAlias, false);
        }
        abort.commit(); // the writes begin: the move and its record are finished, even when a cancel comes meanwhile
        Map<String, String> tags = new LinkedHashMap<>();
        current.ifPresent(old -> tags.put(LineageTags.ROLLED_BACK_FROM, old));
        tags.putAll(PromoteModel.whoAndWhen(build, clock));
        record.move(name, alias, current, previous, tags);
        log.info("Rolled " + name + "@" + alias + " back to version " + previous
                + current.map(old -> " (from version " + old + ")").orElse(""));
        return new AliasMove(name, alias, previous, current.orElse(null), previousAlias, true);
    }
}
