package io.mlopsbridge.mlflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mlopsbridge.core.MlopsException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MlflowConfigTest {

    @Test
    void aComposeServiceNameWithUnderscoreIsAValidHost() {
        MlflowConfig config = MlflowConfig.of("http://mlflow_server:5000");

        assertThat(config.displayUri()).isEqualTo("http://mlflow_server:5000");
    }

    @Test
    void anUnparseableUriIsRefusedWithoutRepeatingItsPassword() {
        for (String uri : new String[] {"http://admin:p@ssw0rd-Zq@mlflow_server:5000",
                "http://admin:Pw-Zq81x@mlflow.corp:port/", "http://admin:Pw/Zq81x@mlflow.corp:port/"}) {
            assertThatThrownBy(() -> MlflowConfig.fromEnvironment(Map.of(), uri))
                    .as(uri)
                    .isInstanceOf(MlopsException.class)
                    .message().doesNotContain("ssw0rd-Zq").doesNotContain("Zq81x").doesNotContain("admin");
        }
    }

    @Test
    void aNonNumericPortIsRefusedNamingTheHost() {
        assertThatThrownBy(() -> MlflowConfig.of("http://mlflow.corp:port/"))
                .isInstanceOf(MlopsException.class)
                .hasMessageContaining("'http://mlflow.corp:port/'");
    }
}
