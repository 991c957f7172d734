package io.mlopsbridge.kfp.fake;

import io.mlopsbridge.kfp.RunState;
import java.time.Duration;
import java.util.List;

/**
 * How a fake run moves: one step per {@code GET /runs/{id}}, the last step repeating. A terminate request jumps to
 * CANCELING and the next GET to CANCELED, as on the real server.
 *
 * @param states       the states, e.g. PENDING, RUNNING, RUNNING, SUCCEEDED
 * @param errorMessage the error a FAILED run reports (run, state history and failed task), or null
 * @param runFor       for timed scripts: how long the run stays RUNNING; null for one step per GET
 * @param spread       for timed scripts: a random extra duration up to this, or null
 */
public record RunScript(List<RunState> states, String errorMessage, Duration runFor, Duration spread) {

    public RunScript {
        if (states.isEmpty()) {
            throw new IllegalArgumentException("a run needs at least one state");
        }
        states = List.copyOf(states);
    }

    public RunScript(List<RunState> states, String errorMessage) {
        this(states, errorMessage, null, null);
    }

    public RunScript(List<RunState> states, String errorMessage, Duration runFor) {
        this(states, errorMessage, runFor, null);
    }

    /** How long one run of a timed script lasts. */
    Duration drawDuration() {
        if (spread == null || spread.isZero()) {
            return runFor;
        }
        return runFor.plusMillis(java.util.concurrent.ThreadLocalRandom.current().nextLong(spread.toMillis() + 1));
    }

    public static RunScript of(RunState... states) {
        return new RunScript(List.of(states), null);
    }

    /** RUNNING until {@code duration} after creation, then SUCCEEDED, however often it is polled (benchmarks). */
    public static RunScript succeedsAfter(Duration duration) {
        return new RunScript(List.of(RunState.RUNNING, RunState.SUCCEEDED), null, duration);
    }

    /**
     * Like {@link #succeedsAfter(Duration)}, each run lasting {@code min} plus a random part of {@code spread}, so
     * run ends do not line up with anyone's poll interval.
     */
    public static RunScript succeedsAfter(Duration min, Duration spread) {
        return new RunScript(List.of(RunState.RUNNING, RunState.SUCCEEDED), null, min, spread);
    }

    public static RunScript succeeds() {
        return of(RunState.PENDING, RunState.RUNNING, RunState.RUNNING, RunState.SUCCEEDED);
    }

    public static RunScript fails(String message) {
        return new RunScript(List.of(RunState.PENDING, RunState.RUNNING, RunState.RUNNING, RunState.FAILED), message);
    }

    /** Never finishes on its own. */
    public static RunScript runsForever() {
        return of(RunState.PENDING, RunState.RUNNING);
    }

    /** Someone presses Terminate in the KFP UI while it runs. */
    public static RunScript canceledInTheUi() {
        return of(RunState.PENDING, RunState.RUNNING, RunState.CANCELING, RunState.CANCELED);
    }

    RunState at(int step) {
        return states.get(Math.min(step, states.size() - 1));
    }
}
