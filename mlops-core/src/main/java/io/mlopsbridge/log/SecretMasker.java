package io.mlopsbridge.log;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Replaces every occurrence of known secret values with {@code ****}. Longest secrets are replaced first so that a
 * secret containing another is masked whole. Values shorter than {@link #MIN_LENGTH} are ignored because masking
 * them would garble ordinary text (the same rule as Jenkins' credentials-binding).
 */
public final class SecretMasker {
    /** Shorter values are too likely to occur in ordinary output. */
    public static final int MIN_LENGTH = 3;
    public static final String MASK = "****";

    private final List<String> secrets;

    private SecretMasker(List<String> secrets) {
        this.secrets = secrets;
    }

    public static SecretMasker of(Collection<String> secrets) {
        return new SecretMasker(secrets.stream()
                .filter(Objects::nonNull)
                .filter(s -> s.length() >= MIN_LENGTH)
                .distinct()
                .sorted(Comparator.comparingInt(String::length).reversed())
                .toList());
    }

    public static SecretMasker none() {
        return new SecretMasker(List.of());
    }

    public String mask(String text) {
        if (text == null || secrets.isEmpty()) {
            return text;
        }
        String masked = text;
        for (String secret : secrets) {
            masked = masked.replace(secret, MASK);
        }
        return masked;
    }
}
