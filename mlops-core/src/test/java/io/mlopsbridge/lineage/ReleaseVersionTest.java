package io.mlopsbridge.lineage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mlopsbridge.core.ErrorKind;
import io.mlopsbridge.core.MlopsException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class ReleaseVersionTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-01-14T09:30:12Z"), ZoneOffset.UTC);
    private static final BuildInfo BUILD = BuildInfo.none()
            .withGit("3f9c2ab7e1d04c55aa0e2f7a31f0c9d8b6e4a210", "https://github.com/acme/fraud.git")
            .withCi("fraud/main", "128", "https://jenkins.acme.com/job/fraud/job/main/128/");

    @Test
    void userGivenVersionWins() {
        assertThat(ReleaseVersion.resolve("1.4.0", BUILD, CLOCK).value()).isEqualTo("1.4.0");
    }

    @Test
    void buildNumberAndShortShaWhenBothKnown() {
        assertThat(ReleaseVersion.resolve(null, BUILD, CLOCK).value()).isEqualTo("128-3f9c2ab");
    }

    @Test
    void utcTimestampWhenNothingIsKnown() {
        assertThat(ReleaseVersion.resolve(" ", BuildInfo.none().withCi("job", "7", null), CLOCK).value())
                .isEqualTo("20250114T093012Z");
    }

    @Test
    void invalidUserVersionIsAnInputError() {
        assertThatThrownBy(() -> ReleaseVersion.resolve("release 1/2", BUILD, CLOCK))
                .isInstanceOfSatisfying(MlopsException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.INPUT));
    }
}
