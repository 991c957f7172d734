package io.mlopsbridge.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mlopsbridge.core.ErrorKind;
import io.mlopsbridge.core.MlopsException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class MetricsFileTest {
    @TempDir
    Path dir;

    private Path file(String json) throws IOException {
        return Files.writeString(dir.resolve("metrics.json"), json);
    }

    @Test
    void readsAnObjectOfNumbers() throws IOException {
        assertThat(MetricsFile.read(file("{\"auc\": 0.93, \"latency_p95_ms\": 41}")))
                .containsEntry("auc", 0.93).containsEntry("latency_p95_ms", 41.0);
    }

    @Test
    void readsMetricsWrappedUnderMetrics() throws IOException {
        assertThat(MetricsFile.read(file("{\"metrics\": {\"f1-score\": 0.8}}"))).containsEntry("f1-score", 0.8);
    }

    @Test
    void nonNumberValueNamesTheMetric() throws IOException {
        Path metrics = file("{\"auc\": \"high\"}");

        assertThatThrownBy(() -> MetricsFile.read(metrics))
                .isInstanceOfSatisfying(MlopsException.class,
                        e -> assertThat(e.getMessage()).contains("metric 'auc'").contains("not a number"));
    }

    @Test
    void aDirectoryIsAnInputErrorSayingAFileIsNeeded() throws IOException {
        Path folder = Files.createDirectories(dir.resolve("metrics"));

        assertThatThrownBy(() -> MetricsFile.read(folder))
                .isInstanceOfSatisfying(MlopsException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.INPUT);
                    assertThat(e.getMessage()).isEqualTo("metrics file '" + folder + "' is a directory, not a file");
                });
    }

    @Test
    void aMetricGivenTwiceIsAnInputErrorNamingTheFileAndTheMetric() throws IOException {
        Path metrics = file("{\"auc\": 0.61, \"latency_p95_ms\": 41, \"auc\": 0.99}");

        assertThatThrownBy(() -> MetricsFile.read(metrics))
                .isInstanceOfSatisfying(MlopsException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.INPUT);
                    assertThat(e.getMessage()).isEqualTo("metric 'auc' is given twice in " + metrics);
                });
    }

    @Test
    void aMetricGivenTwiceUnderMetricsIsAnInputError() throws IOException {
        Path metrics = file("{\"metrics\": {\"auc\": 0.61, \"auc\": 0.99}}");

        assertThatThrownBy(() -> MetricsFile.read(metrics))
                .isInstanceOfSatisfying(MlopsException.class, e -> assertThat(e.getMessage())
                        .isEqualTo("metric 'auc' is given twice in " + metrics));
    }

    /** Written by a script that printed an overflowed value, or an integer of 400 digits. */
    static Stream<String> numbersTooLargeForADouble() {
        return Stream.of("1e999", "-1e999", "1" + "0".repeat(400));
    }

    @ParameterizedTest
    @MethodSource("numbersTooLargeForADouble")
    void aNumberTooLargeForADoubleIsAnInputErrorNamingTheFileAndTheMetric(String number) throws IOException {
        Path metrics = file("{\"auc\": " + number + "}");

        assertThatThrownBy(() -> MetricsFile.read(metrics))
                .isInstanceOfSatisfying(MlopsException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.INPUT);
                    assertThat(e.getMessage()).startsWith("metric 'auc' in " + metrics + " is too large for a"
                            + " number");
                });
    }

    @Test
    void aSecondObjectAfterTheFirstIsAnInputError() throws IOException {
        Path metrics = file("{\"auc\": 0.61}\n{\"auc\": 0.99}\n");

        assertThatThrownBy(() -> MetricsFile.read(metrics))
                .isInstanceOfSatisfying(MlopsException.class, e -> assertThat(e.getMessage())
                        .isEqualTo("metrics file " + metrics + " holds more than one JSON value (line 2, column 1)"));
    }

    @Test
    void missingFileIsAnInputError() {
        assertThatThrownBy(() -> MetricsFile.read(dir.resolve("nope.json")))
                .isInstanceOfSatisfying(MlopsException.class,
                        e -> assertThat(e.getMessage()).contains("does not exist"));
    }
}
