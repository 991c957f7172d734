package io.mlopsbridge.wait;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mlopsbridge.core.ErrorKind;
import io.mlopsbridge.core.MlopsException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WaitHandleTest {
    private final WaitHandle handle = new WaitHandle("5b1c2d3e-run", Instant.parse("2025-05-01T16:00:00Z"),
            Instant.parse("2025-05-01T10:00:08Z"), Duration.ofSeconds(8),
            ordered("", "RUNNING", "task train-model", "RUNNING"), Instant.parse("2025-05-01T10:00:04Z"));

    @Test
    void survivesJavaSerialization() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(handle);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            assertThat(in.readObject()).isEqualTo(handle);
        }
    }

    @Test
    void survivesJson() {
        WaitHandle back = WaitHandle.fromJson(handle.toJson());
        assertThat(back).isEqualTo(handle);
        assertThat(back.observed().keySet()).containsExactly("", "task train-model");
    }

    @Test
    void staysSmall() {
        assertThat(handle.toJson().length()).isLessThan(300);
    }

    @Test
    void aNewHandlePollsAtOnceAndEndsAfterTheTimeout() {
        MutableClock clock = new MutableClock(Instant.parse("2025-05-01T10:00:00Z"));
        WaitHandle started = WaitHandle.start("r1", WaitPolicy.withDefaults().withTimeout(Duration.ofHours(2)), clock);
        assertThat(started.nextPollAt()).isEqualTo(clock.instant());
        assertThat(started.deadline()).isEqualTo(Instant.parse("2025-05-01T12:00:00Z"));
        assertThat(started.unavailableSince()).isNull();
    }

    @Test
    void malformedJsonIsAnInputErrorNamingTheProblem() {
        assertThatThrownBy(() -> WaitHandle.fromJson("{\"deadline\":\"2025-05-01T16:00:00Z\"}"))
                .isInstanceOfSatisfying(MlopsException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.INPUT);
                    assertThat(e.getMessage()).isEqualTo("wait handle: not a valid handle: missing field operation_id");
                });
    }

    private static Map<String, String> ordered(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }
}
