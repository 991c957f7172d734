package io.mlopsbridge.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mlopsbridge.core.ErrorKind;
import io.mlopsbridge.core.MlopsException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

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

    /** Kubernetes' exponent is a whole number: the API server refuses 1e1.5, so the check must too, as an input error. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "1e1.5   |        | resources: cpu request '1e1.5' is not a Kubernetes quantity",
        "1e1.5:2 |        | resources: cpu request '1e1.5' is not a Kubernetes quantity",
        "        | 1e.5   | resources: memory request '1e.5' is not a Kubernetes quantity",
        "        | 1Gi:2E1.0 | resources: memory limit '2E1.0' is not a Kubernetes quantity"})
    void aDecimalExponentIsAnInputErrorNamingTheResource(String cpu, String memory, String message) {
        assertThatThrownBy(() -> ServingResources.parse(cpu, memory)).isInstanceOf(MlopsException.class)
                .hasMessage(message)
                .extracting(e -> ((MlopsException) e).kind()).isEqualTo(ErrorKind.INPUT);
    }

    @Test
    void anExponentBeyondWhatKubernetesCanHoldIsAnInputErrorSayingOutOfRange() {
        assertThatThrownBy(() -> ServingResources.parse("1e99999999999", null)).isInstanceOf(MlopsException.class)
                .hasMessage("resources: cpu request '1e99999999999' is out of range")
                .extracting(e -> ((MlopsException) e).kind()).isEqualTo(ErrorKind.INPUT);
        assertThatThrownBy(() -> ServingResources.parse(null, "9Ei")).isInstanceOf(MlopsException.class)
                .hasMessage("resources: memory request '9Ei' is out of range");
    }

    /** Kubernetes refuses a negative request or limit (HTTP 422) only after the rollout record was written. */
    @Test
    void aNegativeQuantityIsAnInputErrorAndZeroIsAccepted() {
        assertThatThrownBy(() -> ServingResources.parse("-1", null)).isInstanceOf(MlopsException.class)
                .hasMessage("resources: cpu request '-1' is negative")
                .extracting(e -> ((MlopsException) e).kind()).isEqualTo(ErrorKind.INPUT);
        assertThatThrownBy(() -> ServingResources.parse(null, "-1Gi:1Gi"))
                .hasMessage("resources: memory request '-1Gi' is negative");

        assertThat(ServingResources.parse("0", "0:1Gi")).isEqualTo(new ServingResources("0", "0", "1", "1Gi"));
    }
}
