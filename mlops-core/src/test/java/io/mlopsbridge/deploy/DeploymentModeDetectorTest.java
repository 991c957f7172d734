package io.mlopsbridge.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mlopsbridge.core.ErrorKind;
import io.mlopsbridge.core.MlopsException;
import io.mlopsbridge.log.BuildLog;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class DeploymentModeDetectorTest {
    @RegisterExtension
    final KServeCluster cluster = new KServeCluster();

    private DetectedMode detect(Optional<ObjectNode> existing) {
        return new DeploymentModeDetector(cluster.client(), DeploymentModeDetector.KSERVE_NAMESPACES,
                BuildLog.silent()).detect(Optional.empty(), existing.map(o -> o));
    }

    @Test
    void aClusterWithoutKnativeRunsStandardMode() {
        assertThat(detect(Optional.empty()).mode()).isEqualTo(DeploymentMode.STANDARD);
    }

    @Test
    void aClusterServingKnativeRunsKnativeMode() {
        cluster.withKnative();

        assertThat(detect(Optional.empty())).isEqualTo(
                new DetectedMode(DeploymentMode.KNATIVE, "Knative Serving API present in the cluster"));
    }

    @Test
    void kservesConfiguredDefaultWinsOverKnativePresence() {
        cluster.withKnative().withDefaultDeploymentMode("RawDeployment");

        assertThat(detect(Optional.empty())).isEqualTo(new DetectedMode(DeploymentMode.STANDARD,
                "defaultDeploymentMode in ConfigMap kserve/inferenceservice-config"));
    }

    @Test
    void theExistingServicesReportedModeWinsOverTheClusterDefault() {
        cluster.withDefaultDeploymentMode("Serverless");
        cluster.existing(Fixtures.manifest("3").build(Optional.empty()));
        cluster.standardReady("fraud-detector");

        DetectedMode mode = detect(cluster.inferenceService("fraud-detector"));

        assertThat(mode.mode()).isEqualTo(DeploymentMode.STANDARD);
        assertThat(mode.source()).isEqualTo("status.deploymentMode of the existing InferenceService");
    }

    @Test
    void anAnnotationOnTheExistingServiceIsHonoured() {
        cluster.withKnative();
        cluster.existing(Fixtures.manifest("3").withDeploymentMode(DeploymentMode.STANDARD).build(Optional.empty()));

        assertThat(detect(cluster.inferenceService("fraud-detector")).mode()).isEqualTo(DeploymentMode.STANDARD);
    }

    @Test
    void aClusterErrorReadingKServesConfigIsAOneLineRemoteError() {
        cluster.failReads("/api/v1/namespaces/kserve/configmaps/inferenceservice-config", 500);

        assertThatThrownBy(() -> detect(Optional.empty()))
                .isInstanceOfSatisfying(MlopsException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.REMOTE);
                    assertThat(e.getMessage()).startsWith(
                            "Kubernetes: cannot read ConfigMap kserve/inferenceservice-config: ");
                    assertThat(e.remoteCode()).contains("HTTP 500");
                });
    }

    @Test
    void aRequestedModeWinsOverEverything() {
        cluster.withKnative();

        DetectedMode mode = new DeploymentModeDetector(cluster.client(), DeploymentModeDetector.KSERVE_NAMESPACES,
                BuildLog.silent()).detect(Optional.of(DeploymentMode.STANDARD), Optional.empty());

        assertThat(mode).isEqualTo(new DetectedMode(DeploymentMode.STANDARD, "requested"));
    }
}
