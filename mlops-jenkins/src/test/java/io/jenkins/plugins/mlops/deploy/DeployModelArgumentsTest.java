package io.jenkins.plugins.mlops.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * deployModel's {@code target} and {@code deploymentMode} as they are bound, before the step starts: the spellings
 * {@code mlops deploy} accepts and a one-line refusal of anything else.
 */
class DeployModelArgumentsTest {
    private final DeployModelStep step = new DeployModelStep("fraud-detector");

    @Test
    void kserveNamesForTheModesArePinnedAsTheModesTheCommandLineNamesThem() {
        step.setDeploymentMode("RawDeployment");
        assertThat(step.getDeploymentMode()).isEqualTo("standard");

        step.setDeploymentMode("Serverless");
        assertThat(step.getDeploymentMode()).isEqualTo("knative");
    }

    @Test
    void anUnknownModeFailsTheCallWithOneLineNamingDeploymentModeAndTheAcceptedModes() {
        assertThatThrownBy(() -> step.setDeploymentMode("Raw-Deployment")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("deploymentMode: unknown mode 'Raw-Deployment' (use knative or standard, or KServe's names"
                        + " Serverless or RawDeployment; leave deploymentMode out to detect the mode from the cluster)");
    }

    @Test
    void anEmptyModeLeavesTheModeToBeDetectedFromTheCluster() {
        step.setDeploymentMode(" ");

        assertThat(step.getDeploymentMode()).isNull();
    }

    @Test
    void aTargetIsKeptAsTheCommandLineNamesIt() {
        step.setTarget("KServe");

        assertThat(step.getTarget()).isEqualTo("kserve");
    }

    @Test
    void anUnknownTargetFailsTheCallWithOneLineNamingTargetAndTheTargets() {
        assertThatThrownBy(() -> step.setTarget("openshift")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("target: unknown target 'openshift' (use one of kserve, kubernetes, local)");
    }
}
