package io.jenkins.plugins.mlops.train;

import java.io.Serial;
import java.io.Serializable;
import java.util.LinkedHashMap;

/**
 * A trainModel call's arguments as a running execution keeps them (persisted with the build, so plain values only;
 * credential ids, never secrets).
 */
record TrainSpec(String kubeflow, LinkedHashMap<String, Object> parameters, String experiment, String timeout,
                 String pipelineName, String runName, String serviceAccount, String releaseVersion,
                 String pollInterval, String kubeflowUrl, String kubeflowUiUrl, String kubeflowCredentialsId,
                 String kubeflowNamespace, String mlflowUrl, String mlflowCredentialsId) implements Serializable {
    @Serial
    private static final long serialVersionUID = 1L;
}
