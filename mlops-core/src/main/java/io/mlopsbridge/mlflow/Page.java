package io.mlopsbridge.mlflow;

import java.util.List;
import java.util.Optional;

/** One page of a search; pass {@link #nextPageToken()} back to get the next page. */
public record Page<T>(List<T> items, Optional<String> nextPageToken) {
    public Page {
        items = List.copyOf(items);
        nextPageToken = nextPageToken.filter(t -> !t.isEmpty());
    }
}
