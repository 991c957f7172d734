package hudson;

import java.io.File;

/** Test-only: a workspace folder as a FilePath, and how many callables went "to the agent" through it. */
public final class TestWorkspaces {
    private TestWorkspaces() {
    }

    public static FilePath of(File folder) {
        return new FilePath(folder);
    }

    public static int callablesSent() {
        return FilePath.CALLS.get();
    }
}
