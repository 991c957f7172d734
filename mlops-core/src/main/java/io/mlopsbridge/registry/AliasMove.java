package io.mlopsbridge.registry;

import java.io.Serial;
import java.io.Serializable;

/**
 * The outcome of a promotion or rollback.
 *
 * @param modelName        registered model name
 * @param alias            the alias that was moved
 * @param version          the version the alias points at now
 * @param previousVersion  the version it pointed at before, or null if it was not set
 * @param previousAlias    the alias remembering the previous holder (e.g. {@code previous-champion})
 * @param changed          false when the alias already pointed at {@code version} (nothing was written)
 */
public record AliasMove(String modelName, String alias, String version, String previousVersion,
                        String previousAlias, boolean changed) implements Serializable {
    @Serial
    private static final long serialVersionUID = 1L;
}
