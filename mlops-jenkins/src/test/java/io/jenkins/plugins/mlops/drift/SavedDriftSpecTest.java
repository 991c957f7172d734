package io.jenkins.plugins.mlops.drift;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/**
 * A running build keeps its checkDrift arguments ({@link DriftSpec}, Java-serialized): a spec saved by the plugin
 * before the command line's reading and per-column options became parameters still reads back, with those options
 * unset, so the check runs as it was called.
 */
class SavedDriftSpecTest {
    /** Saved by the plugin before delimiter, quote, ... existed: reference, current, exclude and html given. */
    private static DriftSpec savedBeforeTheReadingOptions() throws IOException, ClassNotFoundException {
        try (InputStream text = SavedDriftSpecTest.class.getResourceAsStream(
                "drift-spec-before-reading-options.b64")) {
            byte[] bytes = Base64.getMimeDecoder().decode(new String(text.readAllBytes(), StandardCharsets.US_ASCII));
            try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes))) {
                return (DriftSpec) in.readObject();
            }
        }
    }

    @Test
    void aSpecSavedBeforeTheReadingOptionsReadsBackWithThemUnset() throws Exception {
        DriftSpec spec = savedBeforeTheReadingOptions();

        assertThat(spec.reference()).isEqualTo("data/train.csv");
        assertThat(spec.exclude()).containsExactly("transaction_id");
        assertThat(spec.html()).isEqualTo("reports/drift.html");
        assertThat(spec.delimiter()).isNull();
        assertThat(spec.quote()).isNull();
        assertThat(spec.numeric()).isEmpty();
        assertThat(spec.categorical()).isEmpty();
        assertThat(spec.columnMethods()).isEmpty();
        assertThat(spec.columnThresholds()).isEmpty();
        assertThat(spec.partitions()).isNull();
    }
}
