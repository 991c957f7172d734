package io.mlopsbridge.mlflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mlopsbridge.core.MlopsException;
import org.junit.jupiter.api.Test;

/** Where the server keeps a run's artifacts decides whether they can go through it. */
class ArtifactLocationTest {
    @Test
    void aProxiedLocationMapsToTheServersArtifactPath() {
        assertThat(ArtifactLocation.serverPath("mlflow-artifacts:/1/5f1c0a9e/artifacts", "model/MLmodel"))
                .isEqualTo("1/5f1c0a9e/artifacts/model/MLmodel");
    }

    @Test
    void aLocationOnTheServersDiskIsRefusedWithHowToStartAServerThatProxiesArtifacts() {
        // What `mlflow server --default-artifact-root /srv/mlruns` gives every experiment it creates: the server
        // serves artifacts (the default) but this experiment's location bypasses it.
        assertThatThrownBy(() -> ArtifactLocation.rootPath("/srv/mlruns/1/5f1c0a9e/artifacts"))
                .isInstanceOfSatisfying(MlopsException.class, e -> {
                    assertThat(e.getMessage()).isEqualTo("artifact location '/srv/mlruns/1/5f1c0a9e/artifacts' is"
                            + " not served by the MLflow server");
                    assertThat(e.hint()).hasValueSatisfying(hint -> assertThat(hint)
                            .contains("mlflow-artifacts:/").contains("--artifacts-destination")
                            .contains("--default-artifact-root").doesNotContain("(the default)"));
                });
    }
}
