package io.mlopsbridge.wait;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mlopsbridge.core.MlopsException;
import java.io.Serial;
import java.io.Serializable;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything needed to resume a wait after the process that started it is gone: a Jenkins step persists it with the
 * build (Java serialization) and re-arms a timer for {@link #nextPollAt()}; the CLI can print it as JSON.
 *
 * @param operationId      the remote id (KFP run id, InferenceService name)
 * @param deadline         when the wait gives up
 * @param nextPollAt       when to poll next
 * @param interval         the current poll interval, before jitter; grows while nothing changes
 * @param observed         the states last reported, so a resumed wait does not repeat log lines
 * @param unavailableSince when polls started failing in a row, or null while the remote answers
 */
public record WaitHandle(String operationId, Instant deadline, Instant nextPollAt, Duration interval,
                         Map<String, String> observed, Instant unavailableSince) implements Serializable {
    @Serial
    private static final long serialVersionUID = 1L;
    private static final ObjectMapper JSON = new ObjectMapper();

    public WaitHandle {
        Objects.requireNonNull(operationId, "operationId");
        Objects.requireNonNull(deadline, "deadline");
        Objects.requireNonNull(nextPollAt, "nextPollAt");
        Objects.requireNonNull(interval, "interval");
        // Map.copyOf is serializable and immutable, but unordered; a LinkedHashMap keeps the log order stable.
        observed = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(observed, "observed")));
    }

    /** The handle for work just submitted: first poll right away, deadline {@code policy.timeout()} from now. */
    public static WaitHandle start(String operationId, WaitPolicy policy, Clock clock) {
        Instant now = clock.instant();
        return new WaitHandle(operationId, now.plus(policy.timeout()), now, policy.initialInterval(), Map.of(), null);
    }

    public Optional<Instant> unavailableSinceTime() {
        return Optional.ofNullable(unavailableSince);
    }

    /** How long to wait from {@code now} until the next poll; zero when it is due. */
    public Duration delayFrom(Instant now) {
        Duration d = Duration.between(now, nextPollAt);
        return d.isNegative() ? Duration.ZERO : d;
    }

    WaitHandle next(Instant nextPoll, Duration newInterval, Map<String, String> newObserved, Instant newUnavailableSince) {
        return new WaitHandle(operationId, deadline, nextPoll, newInterval, newObserved, newUnavailableSince);
    }

    /** JSON with ISO-8601 instants and the interval in milliseconds. */
    public String toJson() {
        ObjectNode node = JSON.createObjectNode();
        node.put("operation_id", operationId);
        node.put("deadline", deadline.toString());
        node.put("next_poll_at", nextPollAt.toString());
        node.put("interval_ms", interval.toMillis());
        ObjectNode states = node.putObject("observed");
        observed.forEach(states::put);
        if (unavailableSince != null) {
            node.put("unavailable_since", unavailableSince.toString());
        }
        return node.toString();
    }

    /** Reads {@link #toJson()} output; anything else is an input error naming the problem. */
    public static WaitHandle fromJson(String json) {
        try {
            JsonNode node = JSON.readTree(json);
            if (node == null || !node.isObject()) {
                throw new IllegalArgumentException("not a JSON object");
            }
            Map<String, String> observed = new LinkedHashMap<>();
            JsonNode states = node.path("observed");
            for (Iterator<Map.Entry<String, JsonNode>> it = states.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                observed.put(e.getKey(), e.getValue().asText());
            }
            JsonNode since = node.get("unavailable_since");
            return new WaitHandle(text(node, "operation_id"),
                    Instant.parse(text(node, "deadline")),
                    Instant.parse(text(node, "next_poll_at")),
                    Duration.ofMillis(node.path("interval_ms").asLong(WaitPolicy.DEFAULT_INITIAL_INTERVAL.toMillis())),
                    observed,
                    since == null || since.isNull() ? null : Instant.parse(since.asText()));
        } catch (JsonProcessingException | IllegalArgumentException | DateTimeParseException e) {
            throw MlopsException.input("wait handle: not a valid handle: " + e.getMessage(),
                    "pass the JSON printed by WaitHandle.toJson()");
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual()) {
            throw new IllegalArgumentException("missing field " + field);
        }
        return value.asText();
    }
}
