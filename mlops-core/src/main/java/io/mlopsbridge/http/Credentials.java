package io.mlopsbridge.http;

import io.mlopsbridge.core.MlopsException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * How requests authenticate. Values never appear in {@link #toString()}, logs or exception messages;
 * {@link #secrets()} lists what the log masker must hide.
 */
public sealed interface Credentials {

    /** The {@code Authorization} header value, or null for none. Evaluated per request so rotated tokens work. */
    String authorizationHeader();

    /** Raw secret values to mask in any output. */
    List<String> secrets();

    /**
     * The same credentials, handing every secret value to {@code sink} the moment it is read: at once for fixed
     * values, and on every request for a token re-read from a rotated file, so the masker knows the new token before
     * any response or error can carry it.
     */
    Credentials reportingSecretsTo(Consumer<String> sink);

    static Credentials none() {
        return None.INSTANCE;
    }

    /** A bearer token fetched on every request (e.g. re-read from a rotated service-account token file). */
    static Credentials bearer(Supplier<String> token) {
        return bearer(token, "the bearer token");
    }

    static Credentials bearer(String token) {
        return bearer(token, "the bearer token");
    }

    /**
     * A bearer token fetched on every request, {@code source} naming where it comes from (an environment variable, a
     * file, a credential id) in the error a token no HTTP header can carry gets.
     */
    static Credentials bearer(Supplier<String> token, String source) {
        return new Bearer(token, source);
    }

    static Credentials bearer(String token, String source) {
        Objects.requireNonNull(token, "token");
        return new Bearer(() -> token, source);
    }

    static Credentials basic(String username, String password) {
        return new Basic(username, password);
    }

    final class None implements Credentials {
        private static final None INSTANCE = new None();

        private None() {
        }

        @Override
        public String authorizationHeader() {
            return null;
        }

        @Override
        public List<String> secrets() {
            return List.of();
        }

        @Override
        public Credentials reportingSecretsTo(Consumer<String> sink) {
            return this;
        }

        @Override
        public String toString() {
            return "no authentication";
        }
    }

    final class Bearer implements Credentials {
        private final Supplier<String> token;
        private final String source;

        private Bearer(Supplier<String> token, String source) {
            this.token = Objects.requireNonNull(token, "token");
            this.source = Objects.requireNonNull(source, "source");
        }

        @Override
        public String authorizationHeader() {
            String value = token.get().strip();
            if (value.regionMatches(true, 0, "Bearer ", 0, "Bearer ".length())) {
                // Copied from an "Authorization: Bearer …" header: sent as "Bearer Bearer …", it would get a 401.
                throw MlopsException.input(source + " starts with 'Bearer ', which is added when it is sent",
                        "set it to the token alone, without 'Bearer '");
            }
            return "Bearer " + HeaderSafeToken.require(value, source);
        }

        @Override
        public List<String> secrets() {
            String current = token.get();
            return current == null ? List.of() : List.of(current.strip());
        }

        @Override
        public Credentials reportingSecretsTo(Consumer<String> sink) {
            Objects.requireNonNull(sink, "sink");
            return new Bearer(() -> {
                String value = token.get();
                if (value != null) {
                    sink.accept(value.strip());
                }
                return value;
            }, source);
        }

        @Override
        public String toString() {
            return "bearer token";
        }
    }

    final class Basic implements Credentials {
        private final String username;
        private final String password;

        private Basic(String username, String password) {
            this.username = Objects.requireNonNull(username, "username");
            this.password = Objects.requireNonNull(password, "password");
        }

        public String username() {
            return username;
        }

        @Override
        public String authorizationHeader() {
            String pair = username + ":" + password;
            return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public List<String> secrets() {
            String pair = username + ":" + password;
            return List.of(password, Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
        }

        @Override
        public Credentials reportingSecretsTo(Consumer<String> sink) {
            secrets().forEach(sink);
            return this;
        }

        @Override
        public String toString() {
            return "basic auth as " + username;
        }
    }
}
