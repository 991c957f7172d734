package io.mlopsbridge.deploy;

import java.time.Instant;
import java.util.Optional;

/** Realistic values shared by the deploy tests. */
final class Fixtures {
    static final Instant NOW = Instant.parse("2026-08-21T10:00:00Z");

    private Fixtures() {
    }

    static DeploymentMetadata fraudV(String version) {
        return new DeploymentMetadata("fraud-detector", version, "1.4." + version,
                "https://ci.example.com/job/fraud/42/", NOW);
    }

    static StorageUri s3(String version) {
        return StorageUri.forKServe("s3://ml-artifacts/1/models/m-" + version + "/artifacts", Optional.empty(),
                "fraud-detector/" + version);
    }

    static InferenceServiceManifest manifest(String version) {
        return InferenceServiceManifest.of(new ServiceName("fraud-detector"), KServeCluster.NAMESPACE, s3(version),
                fraudV(version));
    }
}
