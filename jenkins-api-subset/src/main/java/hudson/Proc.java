package hudson;

import java.io.IOException;

public abstract class Proc {
    /** Test-only: launchers make processes; the tests' process lives in this package. */
    Proc() {
    }

    /** Ends the process and the processes it started (upstream's local and remote processes kill the tree). */
    public abstract void kill() throws IOException, InterruptedException;

    /** As upstream's local process: an interrupt while waiting kills the process (and its children). */
    public abstract int join() throws IOException, InterruptedException;
}
