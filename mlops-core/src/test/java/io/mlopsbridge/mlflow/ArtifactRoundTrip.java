package io.mlopsbridge.mlflow;

import java.nio.file.Path;

/**
 * Uploads a file as an artifact and downloads it again, in its own JVM: {@code ArtifactStreamingTest} starts it
 * with a heap smaller than the file, so it can only succeed if both directions stream.
 * Arguments: tracking URI, artifact URI, file to upload, where to download it.
 */
public final class ArtifactRoundTrip {
    private ArtifactRoundTrip() {
    }

    public static void main(String[] args) {
        MlflowClient mlflow = new MlflowClient(MlflowConfig.of(args[0]));
        Path file = Path.of(args[2]);
        mlflow.uploadArtifact(args[1], "large/" + file.getFileName(), file);
        mlflow.downloadArtifact(args[1], "large/" + file.getFileName(), Path.of(args[3]));
    }
}
