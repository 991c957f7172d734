package io.mlopsbridge.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CrdSchemaTest {
    private final CrdSchema schema = KServeCluster.schema();

    @Test
    void acceptsTheManifestTheDeployerBuilds() {
        ObjectNode manifest = Fixtures.manifest("3").withServiceAccount("kserve-s3").withCanaryTrafficPercent(10)
                .withDeploymentMode(DeploymentMode.KNATIVE).build(Optional.empty());

        assertThat(schema.violations(manifest)).isEmpty();
    }

    @Test
    void rejectsAMisspeltFieldAWrongTypeAndAMissingPredictor() {
        ObjectNode misspelt = Fixtures.manifest("3").build(Optional.empty());
        ((ObjectNode) misspelt.at("/spec/predictor/model")).put("storageURI", "s3://b/m/");
        ObjectNode wrongType = Fixtures.manifest("3").build(Optional.empty());
        ((ObjectNode) wrongType.at("/spec/predictor")).put("canaryTrafficPercent", "10");
        ObjectNode noPredictor = Fixtures.manifest("3").build(Optional.empty());
        ((ObjectNode) noPredictor.get("spec")).remove("predictor");

        assertThat(schema.violations(misspelt)).containsExactly("spec.predictor.model.storageURI: unknown field");
        assertThat(schema.violations(wrongType)).containsExactly("spec.predictor.canaryTrafficPercent: must be an integer");
        assertThat(schema.violations(noPredictor)).containsExactly("spec.predictor: required value missing");
    }

    @Test
    void rejectsBadQuantitiesNullsAndInvalidLabels() {
        ObjectNode manifest = Fixtures.manifest("3").build(Optional.empty());
        ((ObjectNode) manifest.at("/spec/predictor/model/resources/limits")).put("memory", "1 GB");
        ((ObjectNode) manifest.at("/spec/predictor")).putNull("minReplicas");
        ((ObjectNode) manifest.at("/metadata/labels")).put("mlops-bridge.io/release", "release 1.4");

        assertThat(schema.violations(manifest)).hasSize(3)
                .anyMatch(v -> v.startsWith("spec.predictor.model.resources.limits.memory: '1 GB' does not match"))
                .contains("spec.predictor.minReplicas: must not be null")
                .anyMatch(v -> v.startsWith("metadata.labels.mlops-bridge.io/release: invalid value"));
    }
}
