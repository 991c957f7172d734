package io.mlopsbridge.registry;

import io.mlopsbridge.gate.Gate;
import io.mlopsbridge.lineage.BuildInfo;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What to register. Start from {@link #of(String, String)} and change fields with the {@code with...} methods.
 *
 * @param modelName        registered model name
 * @param runId            the training run whose model and metrics are registered
 * @param artifactPath     where the model is: a directory of the run's artifacts, or the name of the run's logged
 *                         model (default {@code model})
 * @param modelUri         {@code models:/<model id>} of an MLflow 3 logged model; overrides {@code artifactPath}
 * @param gateExpression   gate over the run's metrics, or null for no gate
 * @param championAlias    alias naming the champion that {@code champion.<metric>} refers to
 * @param aliasOnPass      alias set on the new version when the gate passes (or there is no gate); null for none
 * @param releaseVersion   the user's release version, or null to derive one from the build
 * @param build            lineage of the build
 * @param datasetDigests   dataset name → content digest, recorded as tags {@code mlops.dataset.<name>.digest}
 * @param readyTimeout     how long to wait for the version to become READY
 * @param reportDirectory  where to write the gate report (JSON and Markdown), or null for none
 * @param tags             the user's own tags for the new version (e.g. {@code team}), set with the lineage tags in
 *                         the create request; keys under the lineage namespaces {@code mlops.} and {@code mlflow.}
 *                         are refused, and so are keys and values MLflow would refuse ({@code VersionTags})
 */
public record RegisterRequest(String modelName, String runId, String artifactPath, String modelUri,
                              String gateExpression, String championAlias, String aliasOnPass, String releaseVersion,
                              BuildInfo build, Map<String, String> datasetDigests, Duration readyTimeout,
                              Path reportDirectory, Map<String, String> tags) {

    /** Python's register_model waits 300 s; a registration that takes longer is stuck, not slow. */
    public static final Duration DEFAULT_READY_TIMEOUT = Duration.ofSeconds(300);
    public static final String DEFAULT_ARTIFACT_PATH = "model";
    public static final String DEFAULT_ALIAS_ON_PASS = "candidate";

    public RegisterRequest {
        Objects.requireNonNull(build, "build");
        Objects.requireNonNull(readyTimeout, "readyTimeout");
        Objects.requireNonNull(championAlias, "championAlias");
        // Not Map.copyOf: a null value (an unset variable in a Jenkinsfile) must reach RegisterModel's one-line
        // refusal, not throw here.
        datasetDigests = datasetDigests == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(datasetDigests));
        tags = tags == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(tags));
    }

    /** Defaults: artifact path {@code model}, no gate, champion alias {@code champion}, alias {@code candidate}. */
    public static RegisterRequest of(String modelName, String runId) {
        return new RegisterRequest(modelName, runId, DEFAULT_ARTIFACT_PATH, null, null, Gate.DEFAULT_CHAMPION_ALIAS,
                DEFAULT_ALIAS_ON_PASS, null, BuildInfo.none(), Map.of(), DEFAULT_READY_TIMEOUT, null, Map.of());
    }

    public RegisterRequest withArtifactPath(String path) {
        return new RegisterRequest(modelName, runId, path, modelUri, gateExpression, championAlias, aliasOnPass,
                releaseVersion, build, datasetDigests, readyTimeout, reportDirectory, tags);
    }

    public RegisterRequest withModelUri(String uri) {
        return new RegisterRequest(modelName, runId, artifactPath, uri, gateExpression, championAlias, aliasOnPass,
                releaseVersion, build, datasetDigests, readyTimeout, reportDirectory, tags);
    }

    public RegisterRequest withGate(String expression) {
        return new RegisterRequest(modelName, runId, artifactPath, modelUri, expression, championAlias, aliasOnPass,
                releaseVersion, build, datasetDigests, readyTimeout, reportDirectory, tags);
    }

    public RegisterRequest withChampionAlias(String alias) {
        return new RegisterRequest(modelName, runId, artifactPath, modelUri, gateExpression, alias, aliasOnPass,
                releaseVersion, build, datasetDigests, readyTimeout, reportDirectory, tags);
    }

    public RegisterRequest withAliasOnPass(String alias) {
        return new RegisterRequest(modelName, runId, artifactPath, modelUri, gateExpression, championAlias, alias,
                releaseVersion, build, datasetDigests, readyTimeout, reportDirectory, tags);
    }

    public RegisterRequest withReleaseVersion(String release) {
        return new RegisterRequest(modelName, runId, artifactPath, modelUri, gateExpression, championAlias,
                aliasOnPass, release, build, datasetDigests, readyTimeout, reportDirectory, tags);
    }

    public RegisterRequest withBuild(BuildInfo info) {
        return new RegisterRequest(modelName, runId, artifactPath, modelUri, gateExpression, championAlias,
                aliasOnPass, releaseVersion, info, datasetDigests, readyTimeout, reportDirectory, tags);
    }

    public RegisterRequest withDatasetDigests(Map<String, String> digests) {
        return new RegisterRequest(modelName, runId, artifactPath, modelUri, gateExpression, championAlias,
                aliasOnPass, releaseVersion, build, digests, readyTimeout, reportDirectory, tags);
    }

    public RegisterRequest withReadyTimeout(Duration timeout) {
        return new RegisterRequest(modelName, runId, artifactPath, modelUri, gateExpression, championAlias,
                aliasOnPass, releaseVersion, build, datasetDigests, timeout, reportDirectory, tags);
    }

    public RegisterRequest withReportDirectory(Path directory) {
        return new RegisterRequest(modelName, runId, artifactPath, modelUri, gateExpression, championAlias,
                aliasOnPass, releaseVersion, build, datasetDigests, readyTimeout, directory, tags);
    }

    public RegisterRequest withTags(Map<String, String> extraTags) {
        return new RegisterRequest(modelName, runId, artifactPath, modelUri, gateExpression, championAlias,
                aliasOnPass, releaseVersion, build, datasetDigests, readyTimeout, reportDirectory, extraTags);
    }
}
