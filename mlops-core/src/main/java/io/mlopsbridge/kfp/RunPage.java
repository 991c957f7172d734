package io.mlopsbridge.kfp;

import java.util.List;

/** One page of {@code GET /runs}; {@code nextPageToken} is null on the last page. */
public record RunPage(List<KfpRun> runs, String nextPageToken, Integer totalSize) {
    public RunPage {
        runs = runs == null ? List.of() : List.copyOf(runs);
        nextPageToken = nextPageToken == null || nextPageToken.isEmpty() ? null : nextPageToken;
    }
}
