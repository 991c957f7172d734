package io.mlopsbridge.train;

import io.mlopsbridge.core.InputName;

/**
 * The inputs of a training as messages name them: the {@code trainModel} step's parameter and the {@code mlops
 * train} option. Those naming the Kubeflow Pipelines server are in {@code kfp.KfpInputNames}.
 */
public final class TrainInputNames {
    public static final InputName KUBEFLOW = InputName.of("kubeflow");
    public static final InputName PARAMETERS = InputName.of("parameters", "--param");
    public static final InputName EXPERIMENT = InputName.of("experiment");
    public static final InputName TIMEOUT = InputName.of("timeout");
    public static final InputName PIPELINE_NAME = InputName.of("pipelineName");
    public static final InputName RUN_NAME = InputName.of("runName");
    public static final InputName RELEASE_VERSION = InputName.of("releaseVersion");
    public static final InputName SERVICE_ACCOUNT = InputName.of("serviceAccount");

    private TrainInputNames() {
    }
}
