package io.mlopsbridge.log;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The forms a secret takes on its way out, each masked. */
class SecretMaskerTest {
    private static final String SECRET = "p\"a\\ss\u00e9\u0007word";

    @Test
    void aSecretWithQuoteAndBackslashIsMaskedInJacksonOutput() throws Exception {
        SecretMasker masker = SecretMasker.of(List.of(SECRET));
        String json = new ObjectMapper().writeValueAsString(Map.of("message", "login with " + SECRET + " failed"));

        assertThat(masker.mask(json)).isEqualTo("{\"message\":\"login with **** failed\"}");
    }

    @Test
    void aSecretIsMaskedWhenJsonEscapesEveryNonAsciiCharacter() throws Exception {
        SecretMasker masker = SecretMasker.of(List.of(SECRET));
        ObjectMapper asciiOnly = JsonMapper.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();
        String json = asciiOnly.writeValueAsString(Map.of("m", SECRET));

        assertThat(json).doesNotContain(SECRET);
        assertThat(masker.mask(json)).isEqualTo("{\"m\":\"****\"}");
    }

    @Test
    void eachLineOfASecretWithALineBreakIsMaskedOnItsOwn() {
        // Error lines are cut at line breaks (one line per error), so a token pasted with a newline inside reaches
        // the output one line at a time; each line of a secret is a secret.
        SecretMasker masker = SecretMasker.of(List.of("eyJhbGciOiJSUzI1NiJ9.c2VjcmV0\r\nc2Vjb25kLWxpbmU"));

        assertThat(masker.mask("invalid header value: \"Bearer eyJhbGciOiJSUzI1NiJ9.c2VjcmV0"))
                .isEqualTo("invalid header value: \"Bearer ****");
        assertThat(masker.mask("c2Vjb25kLWxpbmU\" rejected")).isEqualTo("****\" rejected");
    }

    @Test
    void urlEncodedAndBase64FormsAreMasked() {
        String secret = "glpat-a b/c+d=e";
        SecretMasker masker = SecretMasker.of(List.of(secret));
        byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);

        for (String form : List.of(URLEncoder.encode(secret, StandardCharsets.UTF_8),
                URLEncoder.encode(secret, StandardCharsets.UTF_8).replace("+", "%20"),
                Base64.getEncoder().encodeToString(bytes),
                Base64.getUrlEncoder().withoutPadding().encodeToString(bytes))) {
            assertThat(masker.mask("sent " + form + " once")).as(form).isEqualTo("sent **** once");
        }
    }

    @Test
    void theHexFormInEitherCaseIsMasked() {
        String secret = "kfp-sa-token-7f3a9";
        SecretMasker masker = SecretMasker.of(List.of(secret));
        String hex = java.util.HexFormat.of().formatHex(secret.getBytes(StandardCharsets.UTF_8));

        assertThat(masker.mask("token bytes: " + hex)).isEqualTo("token bytes: ****");
        assertThat(masker.mask("token bytes: " + hex.toUpperCase(java.util.Locale.ROOT))).isEqualTo("token bytes: ****");
    }

    @Test
    void anAuthorizationHeaderValueInBase64IsMasked() {
        // A training script that logs its request headers encoded prints base64("Bearer <token>"), in which the
        // token's own base64 does not appear.
        String secret = "kfp-sa-token-7f3a9";
        SecretMasker masker = SecretMasker.of(List.of(secret));
        byte[] header = ("Bearer " + secret).getBytes(StandardCharsets.UTF_8);

        for (String form : List.of(Base64.getEncoder().encodeToString(header),
                Base64.getUrlEncoder().withoutPadding().encodeToString(header))) {
            assertThat(masker.mask("auth=" + form + ";")).as(form).isEqualTo("auth=****;");
        }
    }

    @Test
    void theSecretsBase64InsideLongerEncodedTextIsMaskedWhateverItsOffset() {
        // base64 of "Authorization: Bearer <token>", or of a config file holding the token, spells the token's bits
        // differently at each of the three byte offsets it can start at.
        String secret = "kfp-sa-token-7f3a9";
        SecretMasker masker = SecretMasker.of(List.of(secret));

        for (String before : List.of("Authorization: Bearer ", "token=", "{\"t\":\"", "x", "t=")) {
            byte[] text = (before + secret + "\n").getBytes(StandardCharsets.UTF_8);
            for (String encoded : List.of(Base64.getEncoder().encodeToString(text),
                    Base64.getUrlEncoder().withoutPadding().encodeToString(text))) {
                String masked = masker.mask(encoded);

                assertThat(masked).as(before).contains(SecretMasker.MASK);
                assertThat(decodedAround(masked)).as(before).doesNotContain(secret.substring(0, 6))
                        .doesNotContain(secret.substring(secret.length() - 6));
            }
        }
    }

    /** What the characters left around a mask decode to, each run on its own, as someone reading the log might. */
    private static String decodedAround(String masked) {
        StringBuilder decoded = new StringBuilder();
        for (String run : masked.split(java.util.regex.Pattern.quote(SecretMasker.MASK))) {
            for (int skip = 0; skip < 4; skip++) {
                String part = run.replaceAll("[^A-Za-z0-9+/_-]", "").replace('-', '+').replace('_', '/');
                part = part.substring(Math.min(skip, part.length()));
                part = part.substring(0, part.length() - part.length() % 4);
                decoded.append(new String(Base64.getDecoder().decode(part), StandardCharsets.ISO_8859_1)).append('|');
            }
        }
        return decoded.toString();
    }

    @Test
    void aSecretRegisteredLaterIsMaskedByLogsAlreadyUsingTheMasker() {
        SecretMasker masker = SecretMasker.of(List.of("first-token-1a2b"));
        StringBuilder out = new StringBuilder();
        BuildLog log = new MaskingBuildLog(new BuildLog() {
            @Override
            public void info(String line) {
                out.append(line).append('\n');
            }

            @Override
            public void warn(String line) {
                out.append(line).append('\n');
            }
        }, masker);

        masker.register("rotated-token-3c4d");
        log.info("401 for rotated-token-3c4d after first-token-1a2b");

        assertThat(out.toString()).isEqualTo("401 for **** after ****\n");
    }
}
