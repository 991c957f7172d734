package io.jenkins.plugins.mlops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.mlopsbridge.core.MlopsException;
import java.io.InterruptedIOException;
import org.junit.jupiter.api.Test;

/** What {@link AbortedStep} takes for an abort that came back as a failure, and what it leaves a failure. */
class AbortedStepTest {
    @Test
    void anMlflowCallCutOffByItsTimeoutWithTheThreadNotInterruptedIsAFailureNotAnAbort() {
        // OkHttp reports its own call timeout as an InterruptedIOException too, as it does an interrupted thread's
        // call; only the thread's interrupt tells the two apart, and this thread was not interrupted.
        MlopsException timedOut = MlopsException.remote("call to MLflow registered-models/get was interrupted", null,
                "CONNECTION_FAILED", new InterruptedIOException("timeout"));

        assertThat(Thread.currentThread().isInterrupted()).as("this thread interrupted").isFalse();
        assertThatCode(() -> AbortedStep.rethrowIfAborted(timedOut)).as("the step fails with it")
                .doesNotThrowAnyException();
    }
}
