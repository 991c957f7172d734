package io.mlopsbridge.cli;

import picocli.CommandLine.Option;

/** Where MLflow is. Credentials come only from the environment, never from flags that end up in shell history. */
final class MlflowOptions {
    @Option(names = "--tracking-uri", paramLabel = "URI",
            description = {"MLflow tracking server, e.g. http://127.0.0.1:5000 (default: $MLFLOW_TRACKING_URI).",
                "Authentication: $MLFLOW_TRACKING_TOKEN (bearer) or $MLFLOW_TRACKING_USERNAME and "
                    + "$MLFLOW_TRACKING_PASSWORD (basic)."})
    String trackingUri;
}
