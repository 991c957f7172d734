package io.mlopsbridge.wait;

/** The outcome of one {@link Poller#pollOnce} call: poll again later with a new handle, or finished. */
public sealed interface PollOutcome<T> {

    /** Not finished: persist {@code handle} and poll again at {@code handle.nextPollAt()}. */
    record Pending<T>(WaitHandle handle) implements PollOutcome<T> {
    }

    /** The remote operation reached a final state. */
    record Finished<T>(T result) implements PollOutcome<T> {
    }
}
