package io.mlopsbridge.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mlopsbridge.core.MlopsException;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The test cluster itself: what it rejects, it rejects the way an API server does. */
class KServeClusterTest {
    @RegisterExtension
    final KServeCluster cluster = new KServeCluster();

    @Test
    void anInferenceServiceTheCrdRejectsGetsHttp422AndIsNotStored() {
        ObjectNode manifest = Fixtures.manifest("3").build(Optional.empty());
        ((ObjectNode) manifest.at("/spec/predictor/model")).put("storageURI", "s3://ml-artifacts/m-3/");

        assertThatThrownBy(() -> cluster.objects().write(ObjectRef.inferenceService(KServeCluster.NAMESPACE,
                "fraud-detector"), manifest))
                .isInstanceOf(MlopsException.class)
                .hasMessageContaining("spec.predictor.model.storageURI: unknown field")
                .satisfies(e -> assertThat(((MlopsException) e).remoteCode()).contains("HTTP 422"));
        assertThat(cluster.takeRejections()).hasSize(1);
        assertThat(cluster.inferenceService("fraud-detector")).isEmpty();
    }

    @Test
    void statusWritesDoNotChangeTheGenerationButSpecWritesDo() {
        ObjectNode stored = cluster.existing(Fixtures.manifest("3").build(Optional.empty()));
        cluster.standardReady("fraud-detector");
        long afterStatus = cluster.requireInferenceService("fraud-detector").at("/metadata/generation").asLong();
        cluster.objects().write(ObjectRef.inferenceService(KServeCluster.NAMESPACE, "fraud-detector"),
                Fixtures.manifest("4").build(Optional.of(stored)));

        assertThat(afterStatus).isEqualTo(1);
        assertThat(cluster.requireInferenceService("fraud-detector").at("/metadata/generation").asLong())
                .isEqualTo(2);
        assertThat(cluster.requireInferenceService("fraud-detector").at("/status/observedGeneration").asLong())
                .as("the status subresource survives a spec write").isEqualTo(1);
    }
}
