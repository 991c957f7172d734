package io.mlopsbridge.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationTextTest {

    @ParameterizedTest
    @CsvSource({
        "500ms, PT0.5S",
        "90s, PT1M30S",
        "10m, PT10M",
        "2h, PT2H",
        "7d, PT168H",
        "1h30m, PT1H30M",
        "120, PT2M",
        "PT12H, PT12H",
        "pt5m, PT5M",
        "' 24H ', PT24H",
    })
    void readsTheFormsUsersWrite(String text, String expected) {
        assertThat(DurationText.parse(text, "--timeout")).isEqualTo(Duration.parse(expected));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "soon", "10 minutes", "0s", "0", "-5m", "1x", "m30", "PT-1H", "30m1", "1h 30m"})
    void refusesAnythingElseNamingTheInput(String text) {
        assertThatThrownBy(() -> DurationText.parse(text, "--cooldown"))
                .isInstanceOfSatisfying(MlopsException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.INPUT);
                    assertThat(e.getMessage()).startsWith("--cooldown: '" + text + "' is not a positive duration");
                    assertThat(e.hint()).hasValueSatisfying(h -> assertThat(h).contains("1h30m"));
                });
    }

    /** Every front end hands durations on as milliseconds (Process.waitFor, deadlines): longer would overflow there. */
    @ParameterizedTest
    @ValueSource(strings = {"9223372036854775807s", "PT2562047788015215H", "106751991168d", "106751991167d1s",
        "99999999999999999999s", "PT99999999999999999999H", "99999999999999999999"})
    void refusesADurationLongerThanTheLargestAcceptedNamingTheInputAndTheLargest(String text) {
        assertThatThrownBy(() -> DurationText.parse(text, "--timeout"))
                .isInstanceOfSatisfying(MlopsException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.INPUT);
                    assertThat(e.getMessage()).isEqualTo("--timeout: '" + text + "' is longer than the largest"
                            + " accepted duration, 106751991167d");
                    assertThat(e.hint()).hasValueSatisfying(h -> assertThat(h).contains("106751991167d"));
                });
    }

    @Test
    void acceptsTheLargestDurationWhoseMillisecondsFitInALong() {
        Duration largest = DurationText.parse("106751991167d", "--timeout");

        assertThat(largest).isEqualTo(DurationText.LONGEST);
        assertThat(largest.toMillis()).isPositive();
    }

    @ParameterizedTest
    @CsvSource({"PT168H, 7d", "PT24H, 24h", "PT30M, 30m", "PT90S, 90s", "PT1H30M, 90m"})
    void formatsWithTheLargestWholeUnit(String duration, String expected) {
        assertThat(DurationText.format(Duration.parse(duration))).isEqualTo(expected);
    }
}
