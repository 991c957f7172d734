package io.mlopsbridge.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mlopsbridge.core.MlopsException;
import org.junit.jupiter.api.Test;

/** The cases apimachinery's own validation tests list for DNS-1123 labels and subdomains. */
class KubernetesNamesTest {

    @Test
    void namespacesAreDns1123Labels() {
        for (String good : new String[] {"a", "ab", "models", "a-1", "0", "1-2-3", "a".repeat(63)}) {
            assertThat(KubernetesNames.requireNamespace(good, DeployInputNames.NAMESPACE)).isEqualTo(good);
        }
        for (String bad : new String[] {"", "Bad_NS", "A", "-a", "a-", "a.b", "a_b", "a b", "a".repeat(64)}) {
            assertThatThrownBy(() -> KubernetesNames.requireNamespace(bad, DeployInputNames.NAMESPACE)).as(bad)
                    .isInstanceOf(MlopsException.class)
                    .hasMessage("namespace '" + bad + "' is not a valid Kubernetes namespace");
        }
    }

    @Test
    void objectNamesAreDns1123Subdomains() {
        for (String good : new String[] {"mlflow-serving", "kserve.sa", "a.b-c.d", "a".repeat(253)}) {
            assertThat(KubernetesNames.requireObjectName("secret", good, DeployInputNames.ENV_SECRET)).isEqualTo(good);
        }
        for (String bad : new String[] {"", "Serving", "a..b", ".a", "a.", "a_b", "a".repeat(254)}) {
            assertThatThrownBy(() -> KubernetesNames.requireObjectName("secret", bad, DeployInputNames.ENV_SECRET)).as(bad)
                    .isInstanceOf(MlopsException.class)
                    .hasMessage("secret '" + bad + "' is not a valid Kubernetes name");
        }
    }
}
