package io.mlopsbridge.wait;

import java.io.Serializable;

/**
 * The serializable handle of long remote work that was submitted and is being waited for (a Kubeflow training, a
 * cluster rollout): besides its own ids, where its wait stands and how to keep polling. A front end that persists
 * the handle (a Jenkins step) resumes the wait from these alone, whatever the work is.
 *
 * @param <H> the handle's own type, returned after a poll
 */
public interface SubmittedWork<H extends SubmittedWork<H>> extends Serializable {
    /** Where the wait stands. */
    WaitHandle waitHandle();

    /** How to keep polling. */
    WaitPolicy policy();

    /** The same work after one more poll. */
    H withWait(WaitHandle next);
}
