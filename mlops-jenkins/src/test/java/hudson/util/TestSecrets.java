package hudson.util;

/** Test-only: a Secret from plain text (reaches the subset's package-private constructor). */
public final class TestSecrets {
    private TestSecrets() {
    }

    public static Secret of(String value) {
        return new Secret(value);
    }
}
