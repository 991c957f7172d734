package io.mlopsbridge.kfp.fake;

import io.mlopsbridge.kfp.RunState;
import java.util.List;

/**
 * How a fake run moves: one step per {@code GET /runs/{id}}, the last step repeating. A terminate request jumps to
 * CANCELING and the next GET to CANCELED, as on the real server.
 *
 * @param states       the states, e.g. PENDING, RUNNING, RUNNING, SUCCEEDED
 * @param errorMessage the error a FAILED run reports (run, state history and failed task), or null
 */
public record RunScript(List<RunState> states, String errorMessage) {

    public RunScript {
        if (states.isEmpty()) {
            throw new IllegalArgumentException("a run needs at least one state");
        }
        states = List.copyOf(states);
    }

    public static RunScript of(RunState... states) {
        return new RunScript(List.of(states), null);
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
