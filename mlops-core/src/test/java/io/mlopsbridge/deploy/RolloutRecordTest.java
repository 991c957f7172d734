package io.mlopsbridge.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The rollout record as kept in the cluster and read back by any front end. */
class RolloutRecordTest {
    private static final Instant STARTED = Instant.parse("2026-12-05T02:00:00Z");

    private static RolloutRecord rollingOut() {
        return new RolloutRecord("r-7f3a", DeployTarget.KSERVE, "models", "fraud-detector", RolloutPhase.ROLLING_OUT,
                STARTED, STARTED.plusSeconds(600), null, List.of(), List.of(), null, null, null, null, null, null,
                null, null, "fraud-detector", "4", Duration.ofMinutes(5));
    }

    @Test
    void aFailureNamingAnInputIsKeptAsTextThatNamesItForEitherFrontEnd() {
        RolloutRecord record = rollingOut().rollingBack(RolloutPhase.ROLLING_BACK, "the cluster reports no URL to"
                + " smoke-test; pass the endpoint to test (" + DeployInputNames.SMOKE_ENDPOINT + ")", STARTED)
                .rolledBack("restored; give " + DeployInputNames.TIMEOUT + " more time next run");

        RolloutRecord kept = RolloutRecord.fromJson(record.toJson());

        assertThat(kept.failure()).isEqualTo("the cluster reports no URL to smoke-test; pass the endpoint to test"
                + " (smokeEndpoint or --smoke-endpoint)");
        assertThat(kept.rollbackNote()).isEqualTo("restored; give timeout or --timeout more time next run");
        assertThat(record.toJson()).doesNotContainPattern("[\\uE000-\\uF8FF]");
    }
}
