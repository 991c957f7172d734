package io.mlopsbridge.kfp;

import io.mlopsbridge.core.InputName;

/**
 * The inputs that say which Kubeflow Pipelines server to use, as messages name them: the {@code trainModel} step's
 * parameter and the {@code mlops train} option. The training's own inputs are in {@code train.TrainInputNames}.
 */
public final class KfpInputNames {
    public static final InputName KUBEFLOW_URL = InputName.of("kubeflowUrl", "--kfp-url");
    public static final InputName KUBEFLOW_NAMESPACE = InputName.of("kubeflowNamespace", "--kfp-namespace");
    // The step takes the token from a Jenkins credential, the command line from a file (or $KFP_TOKEN).
    public static final InputName KUBEFLOW_CREDENTIALS = InputName.of("kubeflowCredentialsId", "--kfp-token-file");
    // Where run links point when people reach the UI elsewhere than the API (an ingress, the API port-forwarded).
    public static final InputName KFP_UI_URL = InputName.of("kubeflowUiUrl", "--kfp-ui-url");

    private KfpInputNames() {
    }
}
