package io.mlopsbridge.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class InferenceServiceManifestTest {

    @Test
    void servesTheMlflowFormatOverTheV2ProtocolFromTheStorageUri() {
        ObjectNode manifest = Fixtures.manifest("3").build(Optional.empty());

        assertThat(manifest.at("/apiVersion").asText()).isEqualTo("serving.kserve.io/v1beta1");
        assertThat(manifest.at("/spec/predictor/model/modelFormat/name").asText()).isEqualTo("mlflow");
        assertThat(manifest.at("/spec/predictor/model/protocolVersion").asText()).isEqualTo("v2");
        assertThat(manifest.at("/spec/predictor/model/storageUri").asText())
                .isEqualTo("s3://ml-artifacts/1/models/m-3/artifacts/");
        assertThat(manifest.at("/spec/predictor/model/resources/limits/memory").asText()).isEqualTo("1Gi");
        assertThat(manifest.at("/spec/predictor/canaryTrafficPercent").isMissingNode()).isTrue();
    }

    @Test
    void labelsAndAnnotationsCarryModelVersionAndRelease() {
        ObjectNode manifest = Fixtures.manifest("3").build(Optional.empty());

        assertThat(manifest.at("/metadata/labels/mlops-bridge.io~1model-version").asText()).isEqualTo("3");
        assertThat(manifest.at("/metadata/labels/mlops-bridge.io~1release").asText()).isEqualTo("1.4.3");
        assertThat(manifest.at("/metadata/annotations/mlops-bridge.io~1model-uri").asText())
                .isEqualTo("models:/fraud-detector/3");
        assertThat(manifest.at("/metadata/annotations/mlops-bridge.io~1build-url").asText())
                .isEqualTo("https://ci.example.com/job/fraud/42/");
    }

    @Test
    void anUpdateKeepsFieldsOthersSetAndDropsAnOldFrameworkPredictor() throws Exception {
        ObjectNode existing = (ObjectNode) new ObjectMapper().readTree("""
                {"apiVersion": "serving.kserve.io/v1beta1", "kind": "InferenceService",
                 "metadata": {"name": "fraud-detector", "namespace": "models", "resourceVersion": "17",
                              "labels": {"team": "risk"}},
                 "spec": {"predictor": {"minReplicas": 2, "sklearn": {"storageUri": "gs://old/model"}}},
                 "status": {"url": "http://old"}}""");

        ObjectNode manifest = Fixtures.manifest("4").build(Optional.of(existing));

        assertThat(manifest.at("/spec/predictor/minReplicas").asInt()).isEqualTo(2);
        assertThat(manifest.at("/spec/predictor/sklearn").isMissingNode()).isTrue();
        assertThat(manifest.at("/metadata/labels/team").asText()).isEqualTo("risk");
        assertThat(manifest.has("status")).isFalse();
        assertThat(manifest.at("/metadata/resourceVersion").isMissingNode()).isTrue();
    }

    @Test
    void aRuntimePinnedForAnotherFormatIsDroppedWhenTheFormatBecomesMlflow() throws Exception {
        ObjectNode existing = (ObjectNode) new ObjectMapper().readTree("""
                {"apiVersion": "serving.kserve.io/v1beta1", "kind": "InferenceService",
                 "metadata": {"name": "fraud-detector", "namespace": "models"},
                 "spec": {"predictor": {"model": {"modelFormat": {"name": "sklearn"},
                          "runtime": "kserve-sklearnserver", "storageUri": "gs://old/model"}}}}""");

        ObjectNode manifest = Fixtures.manifest("4").build(Optional.of(existing));

        assertThat(manifest.at("/spec/predictor/model/modelFormat/name").asText()).isEqualTo("mlflow");
        assertThat(manifest.at("/spec/predictor/model/runtime").isMissingNode()).isTrue();
    }

    @Test
    void aRuntimePinnedForMlflowIsKept() throws Exception {
        ObjectNode existing = (ObjectNode) new ObjectMapper().readTree("""
                {"apiVersion": "serving.kserve.io/v1beta1", "kind": "InferenceService",
                 "metadata": {"name": "fraud-detector", "namespace": "models"},
                 "spec": {"predictor": {"model": {"modelFormat": {"name": "mlflow"},
                          "runtime": "kserve-mlserver", "storageUri": "gs://old/model"}}}}""");

        ObjectNode manifest = Fixtures.manifest("4").build(Optional.of(existing));

        assertThat(manifest.at("/spec/predictor/model/runtime").asText()).isEqualTo("kserve-mlserver");
    }

    @Test
    void aCanaryTurnsOnTagRoutingSoTheCanaryHasItsOwnUrl() {
        ObjectNode manifest = Fixtures.manifest("4").withCanaryTrafficPercent(10).build(Optional.empty());

        assertThat(manifest.at("/spec/predictor/canaryTrafficPercent").asLong()).isEqualTo(10);
        assertThat(manifest.at("/metadata/annotations/serving.kserve.io~1enable-tag-routing").asText())
                .isEqualTo("true");
        assertThat(InferenceServiceManifest.promoted(manifest).at("/spec/predictor/canaryTrafficPercent")
                .isMissingNode()).isTrue();
    }

    @Test
    void aPercentageOutsideZeroToHundredIsRefused() {
        assertThatThrownBy(() -> Fixtures.manifest("4").withCanaryTrafficPercent(150))
                .hasMessage("canary: 150 % is not a percentage");
    }

    @Test
    void serviceNamesFollowKServesDnsRule() {
        assertThat(ServiceName.derivedFrom("Fraud Detector_v2").value()).isEqualTo("fraud-detector-v2");
        assertThatThrownBy(() -> new ServiceName("Fraud")).hasMessageContaining("is not a valid Kubernetes service name");
        assertThatThrownBy(() -> ServiceName.derivedFrom("42")).hasMessageContaining("cannot derive");
    }
}
