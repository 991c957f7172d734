package io.jenkins.plugins.mlops.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.mlopsbridge.deploy.DeployRequest;
import io.mlopsbridge.deploy.ServingResources;
import io.mlopsbridge.lineage.BuildInfo;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/**
 * A running deployModel keeps its {@link DeploySpec} with the build: one saved by the plugin before the serving
 * options (cpu, memory, ...) were parameters must read back with them unset, which is what that build asked for.
 */
class DeploySpecTest {

    /** The spec of a kubernetes-target deployModel call as the plugin before the serving options serialized it. */
    private static DeploySpec savedBeforeTheServingOptions() throws IOException, ClassNotFoundException {
        try (InputStream in = DeploySpecTest.class.getResourceAsStream("spec-saved-before-serving-options.b64")) {
            byte[] bytes = Base64.getDecoder().decode(new String(in.readAllBytes(), StandardCharsets.US_ASCII).strip());
            try (ObjectInputStream objects = new ObjectInputStream(new ByteArrayInputStream(bytes))) {
                return (DeploySpec) objects.readObject();
            }
        }
    }

    @Test
    void aSpecSavedBeforeTheServingOptionsReadsBackWithTheCommandLinesDefaults() throws Exception {
        DeploySpec spec = savedBeforeTheServingOptions();

        assertThat(spec.image()).isEqualTo("registry.example.com/fraud-serving:1.4");
        assertThat(spec.cpu()).isNull();
        assertThat(spec.memory()).isNull();
        DeployRequest.ServingOptions serving = DeployModelRun.request(spec, null, "1.4.0", BuildInfo.none())
                .serving();
        assertThat(serving.resources()).isEqualTo(ServingResources.defaults());
        assertThat(serving.imageServesModel()).as("the image runs mlflow models serve").isFalse();
        assertThat(serving.envSecret()).isNull();
        assertThat(serving.clusterTrackingUri()).as("the pods get the step's MLflow URL").isNull();
    }
}
