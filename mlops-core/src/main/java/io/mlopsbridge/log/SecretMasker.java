package io.mlopsbridge.log;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Replaces every occurrence of known secret values with {@code ****}, in the forms a secret takes on its way out:
 * as is, escaped inside a JSON string ({@code \"}, {@code \\}, {@code \}{@code uXXXX}), URL-encoded, hex-encoded
 * (either case), base64 encoded on its own, as an Authorization header value ({@code Bearer <secret>}) and inside
 * longer base64 text at any offset. The forms
 * are computed once, when the secret is registered: {@link #mask} runs on every output line of a training script.
 * Longest forms are replaced first so that a secret containing another is masked whole. Values shorter than
 * {@link #MIN_LENGTH} are ignored because masking them would garble ordinary text (the same rule as Jenkins'
 * credentials-binding).
 *
 * <p>Secrets can be added at any time with {@link #register(String)}, from any thread: whatever reads a secret (a
 * token file re-read after rotation, a kubeconfig token) registers it the moment it is read, and every log sharing
 * this masker masks it from then on.
 */
public final class SecretMasker {
    /** Shorter values are too likely to occur in ordinary output. */
    public static final int MIN_LENGTH = 3;
    public static final String MASK = "****";
    /** Secrets shorter than this are not looked for inside longer base64: 8 characters could match by chance. */
    private static final int MIN_EMBEDDED_BASE64_BYTES = 8;

    private final Set<String> registered = new LinkedHashSet<>();
    /** Every form of every secret, longest first; replaced whole on each registration so {@link #mask} needs no lock. */
    private volatile List<String> forms = List.of();

    private SecretMasker() {
    }

    public static SecretMasker of(Collection<String> secrets) {
        SecretMasker masker = new SecretMasker();
        secrets.forEach(masker::register);
        return masker;
    }

    /** A masker that knows no secret yet. */
    public static SecretMasker none() {
        return new SecretMasker();
    }

    /** Masks {@code secret} (and its encoded forms) in everything masked from now on; null and short values are ignored. */
    public synchronized void register(String secret) {
        if (secret == null || secret.length() < MIN_LENGTH || !registered.add(secret)) {
            return;
        }
        Set<String> all = new LinkedHashSet<>(forms);
        all.addAll(formsOf(secret));
        // Error messages are cut to one line, so a secret with a line break inside (a token pasted with a newline)
        // would reach the output a line at a time: each of its lines is a secret too.
        secret.lines().map(String::strip).filter(line -> !line.equals(secret)).forEach(line -> all.addAll(formsOf(line)));
        List<String> sorted = new ArrayList<>(all);
        sorted.sort(Comparator.comparingInt(String::length).reversed());
        forms = List.copyOf(sorted);
    }

    public String mask(String text) {
        List<String> current = forms;
        if (text == null || current.isEmpty()) {
            return text;
        }
        String masked = text;
        for (String form : current) {
            masked = masked.replace(form, MASK);
        }
        return masked;
    }

    /** The spellings of {@code secret} that output can carry; an encoding that changes nothing adds nothing. */
    static Set<String> formsOf(String secret) {
        Set<String> forms = new LinkedHashSet<>();
        forms.add(secret);
        forms.add(new String(JsonStringEncoder.getInstance().quoteAsString(secret)));
        forms.add(jsonEscapedAll(secret, "\\u%04x"));
        forms.add(jsonEscapedAll(secret, "\\u%04X"));
        String formEncoded = URLEncoder.encode(secret, StandardCharsets.UTF_8);
        forms.add(formEncoded);
        forms.add(formEncoded.replace("+", "%20"));
        byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
        addBase64(forms, bytes);
        // An Authorization header value a script prints encoded: the token's own base64 is not inside it.
        addBase64(forms, ("Bearer " + secret).getBytes(StandardCharsets.UTF_8));
        addBase64Inside(forms, bytes);
        String hex = HexFormat.of().formatHex(bytes);
        forms.add(hex);
        forms.add(hex.toUpperCase(Locale.ROOT));
        forms.removeIf(form -> form.length() < MIN_LENGTH);
        return forms;
    }

    /** Standard and URL-safe base64, with and without padding. */
    private static void addBase64(Set<String> forms, byte[] bytes) {
        String base64 = Base64.getEncoder().encodeToString(bytes);
        forms.add(base64);
        forms.add(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
        forms.add(base64.replaceAll("=+$", ""));
    }

    /**
     * The secret's base64 inside longer encoded text (a config file, {@code Authorization: Bearer <secret>}): at each of
     * the three byte offsets it can start at, the characters whose six bits all come from the secret, in both
     * alphabets. The one or two characters at each end that mix in neighbouring bytes stay, which cannot spell it.
     * Only for secrets long enough that these runs cannot turn up in ordinary base64 by chance.
     */
    private static void addBase64Inside(Set<String> forms, byte[] bytes) {
        if (bytes.length < MIN_EMBEDDED_BASE64_BYTES) {
            return;
        }
        for (int offset = 1; offset <= 2; offset++) {
            byte[] shifted = new byte[offset + bytes.length];
            System.arraycopy(bytes, 0, shifted, offset, bytes.length);
            String encoded = Base64.getEncoder().withoutPadding().encodeToString(shifted);
            int first = (8 * offset + 5) / 6; // the first character with no bit of the bytes before
            int end = 8 * (offset + bytes.length) / 6; // past the last character with no bit of the bytes after
            String inside = encoded.substring(first, end);
            forms.add(inside);
            forms.add(inside.replace('+', '-').replace('/', '_'));
        }
        // At offset 0 the characters before the last, partial one.
        String aligned = Base64.getEncoder().withoutPadding().encodeToString(bytes);
        String inside = aligned.substring(0, 8 * bytes.length / 6);
        forms.add(inside);
        forms.add(inside.replace('+', '-').replace('/', '_'));
    }

    /** The JSON escape a serialiser that escapes everything but printable ASCII would write (hex in either case). */
    private static String jsonEscapedAll(String secret, String hexFormat) {
        StringBuilder s = new StringBuilder();
        for (char c : secret.toCharArray()) {
            if (c == '"' || c == '\\') {
                s.append('\\').append(c);
            } else if (c < 0x20 || c > 0x7e) {
                s.append(String.format(hexFormat, (int) c));
            } else {
                s.append(c);
            }
        }
        return s.toString();
    }
}
