package hudson.model;

import hudson.FilePath;

/** Test-only: the folder a {@link DirectoryBrowserSupport} serves (Jenkins resolves the rest of the URL in it). */
public final class TestDirectoryBrowsers {
    private TestDirectoryBrowsers() {
    }

    public static FilePath base(DirectoryBrowserSupport browser) {
        return browser.base;
    }

    /** Whether a request for the folder itself lists it (true) or serves its {@code index.html}. */
    public static boolean listsFolders(DirectoryBrowserSupport browser) {
        return browser.serveDirIndex;
    }
}
