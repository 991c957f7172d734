package io.mlopsbridge.deploy;

import io.mlopsbridge.log.BuildLog;
import io.mlopsbridge.mlflow.MlflowClient;
import io.mlopsbridge.mlflow.RegisteredModel;
import io.mlopsbridge.registry.PromoteRequest;
import java.io.Serial;
import java.io.Serializable;
import java.util.Optional;

/**
 * Which versions held an alias and its {@code previous-} memory before a promotion, to put both back exactly if
 * the deployment has to be undone after the promotion started: a promotion that failed halfway may already have
 * moved either.
 *
 * @param model    registered model name
 * @param alias    the promote alias, e.g. {@code champion}
 * @param holder   the version holding it, or null
 * @param previous the version holding {@code previous-<alias>}, or null
 */
public record AliasHolders(String model, String alias, String holder, String previous) implements Serializable {
    @Serial
    private static final long serialVersionUID = 1L;

    static AliasHolders read(MlflowClient mlflow, String model, String alias) {
        Optional<RegisteredModel> registered = mlflow.findRegisteredModel(model);
        return new AliasHolders(model, alias,
                registered.flatMap(m -> m.aliasVersion(alias)).orElse(null),
                registered.flatMap(m -> m.aliasVersion(PromoteRequest.previousAlias(alias))).orElse(null));
    }

    /**
     * Puts the alias back only when it still points at {@code version}, i.e. this deployment moved it and nobody
     * has moved it since. Returns a few words for an abort summary, or empty when nothing was changed.
     */
    String restoreIfHeldBy(MlflowClient mlflow, String version, BuildLog log) {
        Optional<String> now = mlflow.findRegisteredModel(model).flatMap(m -> m.aliasVersion(alias));
        if (!now.equals(Optional.of(version))) {
            return "";
        }
        restore(mlflow, log);
        return model + "@" + alias + " restored to " + (holder == null ? "unset" : "version " + holder);
    }

    void restore(MlflowClient mlflow, BuildLog log) {
        restore(mlflow, alias, holder);
        restore(mlflow, PromoteRequest.previousAlias(alias), previous);
        log.info("deploy: " + model + "@" + alias + " restored to " + (holder == null ? "unset" : "version " + holder));
    }

    private void restore(MlflowClient mlflow, String name, String version) {
        if (version != null) {
            mlflow.setAlias(model, name, version);
        } else if (mlflow.findRegisteredModel(model).flatMap(m -> m.aliasVersion(name)).isPresent()) {
            mlflow.deleteAlias(model, name);
        }
    }
}
