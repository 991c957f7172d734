package io.mlopsbridge.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mlopsbridge.core.MlopsException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
    void missingFileIsAnInputError() {
        assertThatThrownBy(() -> MetricsFile.read(dir.resolve("nope.json")))
                .isInstanceOfSatisfying(MlopsException.class,
                        e -> assertThat(e.getMessage()).contains("does not exist"));
    }
}
