package io.mlopsbridge.deploy;

import io.mlopsbridge.core.InputName;
import io.mlopsbridge.core.MlopsException;
import java.util.Locale;
import java.util.Optional;

/**
 * How KServe runs an InferenceService. Only {@link #KNATIVE} has revisions and traffic splitting, so only it
 * supports a canary; {@link #STANDARD} is a Kubernetes Deployment updated in place by a rolling update.
 */
public enum DeploymentMode {
    /** Knative Serving ("Serverless" before KServe 0.16): revisions, traffic split, scale to zero. */
    KNATIVE("Serverless"),
    /** Plain Deployment, Service and HPA ("RawDeployment" before KServe 0.16). */
    STANDARD("RawDeployment");

    /** The annotation KServe reads per InferenceService, overriding the cluster default. */
    public static final String ANNOTATION = "serving.kserve.io/deploymentMode";

    private final String annotationValue;

    DeploymentMode(String annotationValue) {
        this.annotationValue = annotationValue;
    }

    /**
     * The value written to {@link #ANNOTATION}. The pre-0.16 names are used because every KServe release still
     * accepts them, while older releases reject the new ones.
     */
    public String annotationValue() {
        return annotationValue;
    }

    /** The name the command line and the Jenkins step give the mode: {@code knative} or {@code standard}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Reads a mode as KServe spells it, old or new name, any case; empty for blank text. */
    public static Optional<DeploymentMode> parse(String text) {
        return parse(text, "deployment mode", "use Knative (Serverless) or Standard (RawDeployment)");
    }

    /**
     * Reads the mode a user pins ({@code deploymentMode}, {@code --deployment-mode}) as {@link #parse} does; a bad
     * one is refused naming that input, where {@link #parse}'s message fits a value read from the cluster.
     */
    public static Optional<DeploymentMode> requested(String text) {
        InputName input = DeployInputNames.DEPLOYMENT_MODE;
        return parse(text, input.toString(), "use knative or standard, or KServe's names Serverless or RawDeployment;"
                + " leave " + input + " out to detect the mode from the cluster");
    }

    private static Optional<DeploymentMode> parse(String text, String subject, String hint) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        return switch (text.strip().toLowerCase(Locale.ROOT)) {
            case "serverless", "knative" -> Optional.of(KNATIVE);
            case "rawdeployment", "standard", "raw" -> Optional.of(STANDARD);
            case "modelmesh" -> throw MlopsException.input(subject + ": ModelMesh is not supported",
                    "ModelMesh serves models through its own controller; use a Knative or Standard InferenceService");
            default -> throw MlopsException.input(subject + ": unknown mode '" + text + "'", hint);
        };
    }
}
