package io.jenkins.plugins.mlops;

import io.mlopsbridge.core.Cancellation;
import io.mlopsbridge.log.BuildLog;
import io.mlopsbridge.log.SecretMasker;
import io.mlopsbridge.wait.RemoteOperation;
import io.mlopsbridge.wait.SubmittedWork;
import java.util.Map;

/**
 * What one timer tick of a {@link DurableStepExecution} works with: engine objects built afresh from the global
 * configuration and the credential store (nothing of it is persisted, and a rotated credential is used at once),
 * the masked console, and the operation's phases.
 *
 * @param <H> the engine's serializable handle of a submitted operation (it knows its own wait)
 * @param <T> what a finished poll returns
 */
public interface RemoteSession<H extends SubmittedWork<H>, T> extends AutoCloseable {
    BuildLog log();

    /** Masks every secret this session resolved; applied to failure lines and return values. */
    SecretMasker masker();

    /** Starts the remote work without waiting; all input checks happen before anything is written. */
    Submission<H> submit(Cancellation cancellation) throws Exception;

    RemoteOperation<T> operation();

    /** The step's return map for a finished operation, or an exception failing the step. */
    Map<String, Object> complete(H handle, T finished) throws Exception;

    /** Undoes or terminates the remote work and logs one line saying what was done. Never throws. */
    String abort(H handle);

    /** Releases what the tick held (e.g. a kubeconfig written for it); never throws. */
    @Override
    default void close() {
    }

    /** What {@link #submit} produced: a handle to wait on, or (dry run, local work) the step's result at once. */
    record Submission<H extends SubmittedWork<H>>(H handle, Map<String, Object> result) {
        public static <H extends SubmittedWork<H>> Submission<H> pending(H handle) {
            return new Submission<>(handle, null);
        }

        public static <H extends SubmittedWork<H>> Submission<H> finished(Map<String, Object> result) {
            return new Submission<>(null, result);
        }
    }
}
