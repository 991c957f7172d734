package io.mlopsbridge.mlflow;

/**
 * A dataset as MLflow records it on a run's inputs. {@code digest} identifies its content (e.g. a sha256 prefix);
 * {@code source} is a JSON document describing where it came from, e.g. {@code {"uri": "s3://bucket/train.csv"}}.
 * {@code schema} and {@code profile} are optional JSON documents.
 */
public record Dataset(String name, String digest, String sourceType, String source, String schema, String profile) {

    public static Dataset of(String name, String digest, String sourceType, String source) {
        return new Dataset(name, digest, sourceType, source, null, null);
    }
}
