package hudson;

public abstract class Launcher {
    /** Subset: no processes are started here; the type is what a workspace build step is handed. */
    Launcher() {
    }
}
