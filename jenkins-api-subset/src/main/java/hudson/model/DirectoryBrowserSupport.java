package hudson.model;

import hudson.FilePath;
import org.kohsuke.stapler.HttpResponse;

public final class DirectoryBrowserSupport implements HttpResponse {
    /** Test-only: what a request would be served from; Jenkins serves it, with its Content-Security-Policy. */
    final FilePath base;
    final boolean serveDirIndex;

    public DirectoryBrowserSupport(ModelObject owner, FilePath base, String title, String icon, boolean serveDirIndex) {
        this.base = base;
        this.serveDirIndex = serveDirIndex;
    }
}
