package io.mlopsbridge.drift;

/** Decides the dataset verdict from a result's metrics (see {@link DriftResult#metrics()}). */
@FunctionalInterface
public interface DriftRule {
    /** The result with {@code rule}, {@code ruleVerdict} and {@code drifted} set. */
    DriftResult decide(DriftResult result);
}
