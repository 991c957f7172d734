package io.mlopsbridge.drift;

/**
 * Evidently's default test per column ({@code registry.py::_get_default_stattest}): by reference row count
 * (after dropping missing values), column kind, and the number of distinct values over both datasets.
 */
final class AutoMethod {
    /** Reference rows up to which Evidently uses statistical tests instead of distances. */
    static final long SMALL_REFERENCE = 1000;

    private AutoMethod() {
    }

    /** {@code distinct} is the distinct count over both datasets, or {@code Long.MAX_VALUE} when above 1000. */
    static DriftMethod choose(ColumnKind kind, long referenceRows, long distinct) {
        if (referenceRows <= SMALL_REFERENCE) {
            if (kind == ColumnKind.NUMERIC) {
                return distinct > 5 ? DriftMethod.KS : distinct > 2 ? DriftMethod.CHI2 : DriftMethod.Z;
            }
            return distinct > 2 ? DriftMethod.CHI2 : DriftMethod.Z;
        }
        if (kind == ColumnKind.NUMERIC && distinct > 5) {
            return DriftMethod.WASSERSTEIN;
        }
        return DriftMethod.JS;
    }
}
