package io.mlopsbridge.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mlopsbridge.core.MlopsException;
import org.junit.jupiter.api.Test;

class ServingResourcesTest {

    @Test
    void aRequestAndLimitAreTakenAsGiven() {
        assertThat(ServingResources.parse("250m:2", "1Gi:4Gi"))
                .isEqualTo(new ServingResources("250m", "1Gi", "2", "4Gi"));
    }

    @Test
    void aRequestWithoutLimitKeepsTheDefaultLimit() {
        assertThat(ServingResources.parse("500m", "768Mi"))
                .isEqualTo(new ServingResources("500m", "768Mi", "1", "1Gi"));
    }

    @Test
    void aRequestWithoutLimitAboveTheDefaultLimitBecomesTheLimit() {
        assertThat(ServingResources.parse("2", "3Gi")).isEqualTo(new ServingResources("2", "3Gi", "2", "3Gi"));
    }

    @Test
    void requestsAreComparedWithLimitsAcrossUnits() {
        new ServingResources("1000m", "1024Mi", "1", "1Gi").requireRequestsWithinLimits();
        new ServingResources("0.5", "1e9", "500m", "1G").requireRequestsWithinLimits();

        assertThatThrownBy(() -> new ServingResources("1001m", "512Mi", "1", "1Gi").requireRequestsWithinLimits())
                .isInstanceOf(MlopsException.class).hasMessage("resources: cpu request 1001m is above its limit 1");
        assertThatThrownBy(() -> new ServingResources("1", "1025Mi", "1", "1Gi").requireRequestsWithinLimits())
                .isInstanceOf(MlopsException.class)
                .hasMessage("resources: memory request 1025Mi is above its limit 1Gi");
    }
}
