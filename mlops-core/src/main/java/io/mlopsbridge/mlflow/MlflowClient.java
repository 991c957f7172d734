package io.mlopsbridge.mlflow;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlopsbridge.core.Cancellation;
import io.mlopsbridge.core.MlopsException;
import io.mlopsbridge.http.HttpStack;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;

/**
 * A typed client for the MLflow 3 REST API: experiments, runs, proxied artifacts, the model registry, aliases and
 * logged models. Thread-safe; create one per server and reuse it.
 *
 * <p>Failures are {@link MlopsException}s of kind REMOTE whose {@link MlopsException#remoteCode()} is MLflow's
 * {@code error_code} (see {@link MlflowErrorCode}). Calls that may be repeated are retried on 429, 5xx and broken
 * connections by the HTTP stack; calls that create something ({@link #createRun}, {@link #createModelVersion},
 * {@link #createLoggedModel}) are retried only when the server certainly did not act on them.
 */
public final class MlflowClient {
    /** MLflow's log-batch limits (mlflow/utils/validation.py): metrics, params+tags, and all entities per call. */
    static final int MAX_METRICS_PER_BATCH = 1000;
    static final int MAX_PARAMS_TAGS_PER_BATCH = 100;
    static final int MAX_ENTITIES_PER_BATCH = 1000;
    /** Largest page model-versions/search serves by default; we page through with tokens. */
    private static final int SEARCH_PAGE_SIZE = 1000;

    private final MlflowConfig config;
    private final MlflowRest rest;
    private final ArtifactTransfer artifacts;
    private final AtomicLong httpCalls = new AtomicLong();
    /** What ends this client's waits between polls at once; never cancelled unless made by cancelledBy. */
    private final Cancellation cancellation;

    public MlflowClient(MlflowConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        OkHttpClient http = HttpStack.client(config.http(), config.credentials()).newBuilder()
                .addNetworkInterceptor(chain -> {
                    httpCalls.incrementAndGet();
                    return chain.proceed(chain.request());
                })
                .build();
        HttpUrl base = HttpUrl.get(config.trackingUri());
        this.rest = new MlflowRest(http, base, config.displayUri());
        this.artifacts = new ArtifactTransfer(rest);
        this.cancellation = Cancellation.none();
    }

    private MlflowClient(MlflowConfig config, OkHttpClient http, Cancellation cancellation) {
        this.config = config;
        this.rest = new MlflowRest(http, HttpUrl.get(config.trackingUri()), config.displayUri());
        this.artifacts = new ArtifactTransfer(rest);
        this.cancellation = cancellation;
    }

    /**
     * This client with its calls tied to {@code cancellation} (see {@link HttpStack#cancellable}): for the reads of
     * an operation that can be aborted. Its waits between polls ({@link #awaitModelVersionReady}) end at once on a
     * cancel, and the next poll is then refused. Cleanups (ending a run KILLED) go through the plain client.
     */
    public MlflowClient cancelledBy(Cancellation cancellation) {
        return new MlflowClient(config, HttpStack.cancellable(rest.http(), cancellation), cancellation);
    }

    public MlflowConfig config() {
        return config;
    }

    /** HTTP requests sent so far, retries included (for benchmarks and call-count budgets). */
    public long httpCalls() {
        return httpCalls.get();
    }

    /** The server's version string, e.g. {@code 3.18.0}. */
    public String serverVersion() {
        Request request = new Request.Builder().url(rest.url("version")).get().build();
        try (okhttp3.Response response = rest.http().newCall(request).execute()) {
            String body = response.body().string().strip();
            if (!response.isSuccessful()) {
                throw rest.errors().fromResponse("version", response, body);
            }
            return body;
        } catch (java.io.IOException e) {
            throw rest.errors().fromIo("version", e);
        }
    }

    // ---------------------------------------------------------------- experiments

    public Optional<Experiment> findExperimentByName(String name) {
        try {
            return Optional.of(experiment(rest.get("experiments/get-by-name", Map.of("experiment_name", name))));
        } catch (MlopsException e) {
            if (MlflowErrorCode.isNotFound(e)) {
                return Optional.empty();
            }
            throw e;
        }
    }

    public Experiment getExperiment(String experimentId) {
        return experiment(rest.get("experiments/get", Map.of("experiment_id", experimentId)));
    }

    /** Creates an experiment and returns its id; fails with RESOURCE_ALREADY_EXISTS if the name is taken. */
    public String createExperiment(String name, List<Tag> tags) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        body.put("tags", tags);
        return rest.post("experiments/create", body).path("experiment_id").asText();
    }

    /** The experiment of that name, created if missing; a concurrent creator wins the race harmlessly. */
    public Experiment getOrCreateExperiment(String name) {
        Optional<Experiment> existing = findExperimentByName(name);
        if (existing.isPresent()) {
            return existing.get();
        }
        try {
            return getExperiment(createExperiment(name, List.of()));
        } catch (MlopsException e) {
            if (MlflowErrorCode.isAlreadyExists(e)) {
                return findExperimentByName(name).orElseThrow(() -> e);
            }
            throw e;
        }
    }

    private Experiment experiment(JsonNode answer) {
        return rest.read(answer.path("experiment"), Experiment.class);
    }

    // ---------------------------------------------------------------- runs

    /** Starts a run (status RUNNING) in an experiment. Not retried after an ambiguous failure. */
    public Run createRun(String experimentId, String runName, List<Tag> tags) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("experiment_id", experimentId);
        body.put("run_name", runName);
        body.put("start_time", System.currentTimeMillis());
        body.put("tags", tags);
        return rest.read(rest.postOnce("runs/create", body).path("run"), Run.class);
    }

    public Run getRun(String runId) {
        return rest.read(rest.get("runs/get", Map.of("run_id", runId)).path("run"), Run.class);
    }

    /** The run, or empty when MLflow does not know the id. */
    public Optional<Run> findRun(String runId) {
        try {
            return Optional.of(getRun(runId));
        } catch (MlopsException e) {
            if (MlflowErrorCode.isNotFound(e)) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** Sets a run's status; {@code endTime} (epoch ms) may be null for a run that is still going. */
    public RunInfo updateRun(String runId, RunStatus status, Long endTime) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("run_id", runId);
        body.put("status", status.name());
        body.put("end_time", endTime);
        return rest.read(rest.post("runs/update", body).path("run_info"), RunInfo.class);
    }

    /** Marks a run FINISHED or FAILED now. */
    public RunInfo endRun(String runId, RunStatus status) {
        return updateRun(runId, status, System.currentTimeMillis());
    }

    /**
     * One page of runs matching {@code filter} (MLflow search syntax, e.g. {@code metrics.auc > 0.9}; null for all).
     */
    public Page<Run> searchRuns(List<String> experimentIds, String filter, int maxResults, String pageToken) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("experiment_ids", experimentIds);
        body.put("filter", filter);
        body.put("max_results", maxResults);
        body.put("page_token", pageToken);
        JsonNode answer = rest.post("runs/search", body);
        List<Run> runs = new ArrayList<>();
        answer.path("runs").forEach(node -> runs.add(rest.read(node, Run.class)));
        return new Page<>(runs, Optional.ofNullable(answer.path("next_page_token").asText(null)));
    }

    /** Logs metrics, params and tags, split into as many log-batch calls as MLflow's per-call limits require. */
    public void logBatch(String runId, List<Metric> metrics, List<Param> params, List<Tag> tags) {
        int m = 0;
        int p = 0;
        int t = 0;
        do {
            int metricCount = Math.min(metrics.size() - m, MAX_METRICS_PER_BATCH);
            int paramCount = Math.min(params.size() - p, MAX_PARAMS_TAGS_PER_BATCH);
            int tagCount = Math.min(tags.size() - t, MAX_PARAMS_TAGS_PER_BATCH - paramCount);
            metricCount = Math.min(metricCount, MAX_ENTITIES_PER_BATCH - paramCount - tagCount);
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("run_id", runId);
            body.put("metrics", metrics.subList(m, m + metricCount));
            body.put("params", params.subList(p, p + paramCount));
            body.put("tags", tags.subList(t, t + tagCount));
            rest.post("runs/log-batch", body);
            m += metricCount;
            p += paramCount;
            t += tagCount;
        } while (m < metrics.size() || p < params.size() || t < tags.size());
    }

    public void logMetrics(String runId, Map<String, Double> values) {
        long now = System.currentTimeMillis();
        List<Metric> metrics = values.entrySet().stream()
                .map(e -> new Metric(e.getKey(), e.getValue(), now, 0)).toList();
        logBatch(runId, metrics, List.of(), List.of());
    }

    public void setRunTag(String runId, String key, String value) {
        rest.post("runs/set-tag", Map.of("run_id", runId, "key", key, "value", value));
    }

    /** Records datasets (name + content digest + source) as the run's inputs. */
    public void logInputs(String runId, List<DatasetInput> datasets) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("run_id", runId);
        body.put("datasets", datasets);
        rest.post("runs/log-inputs", body);
    }

    // ---------------------------------------------------------------- artifacts (proxied, streamed)

    /** Uploads one file to {@code relativePath} under an artifact root such as a run's {@code artifact_uri}. */
    public void uploadArtifact(String artifactUri, String relativePath, Path file) {
        artifacts.upload(artifactUri, relativePath, file);
    }

    /**
     * Uploads a stream of {@code length} bytes (-1 if unknown). The stream is read once and closed; it cannot be
     * retried after a broken connection, so prefer the {@link Path} variant when the data is a file.
     */
    public void uploadArtifact(String artifactUri, String relativePath, InputStream in, long length) {
        artifacts.upload(artifactUri, relativePath, in, length);
    }

    /** Uploads every file below {@code dir}, keeping its relative layout under {@code relativeDir}. */
    public void uploadArtifacts(String artifactUri, String relativeDir, Path dir) {
        artifacts.uploadDirectory(artifactUri, relativeDir, dir);
    }

    /** Downloads one artifact to {@code target}; a partial download never replaces an existing file. */
    public void downloadArtifact(String artifactUri, String relativePath, Path target) {
        artifacts.download(artifactUri, relativePath, target);
    }

    /** Downloads every file below {@code relativeDir} into {@code targetDir}. */
    public void downloadArtifacts(String artifactUri, String relativeDir, Path targetDir) {
        artifacts.downloadDirectory(artifactUri, relativeDir, targetDir);
    }

    /** Files and directories under {@code relativeDir} (null or "" for the root). */
    public List<ArtifactFile> listArtifacts(String artifactUri, String relativeDir, boolean recursive) {
        return artifacts.list(artifactUri, relativeDir, recursive);
    }

    // ---------------------------------------------------------------- registered models

    public RegisteredModel createRegisteredModel(String name, String description, List<Tag> tags) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        body.put("description", description);
        body.put("tags", tags);
        return rest.read(rest.post("registered-models/create", body).path("registered_model"),
                RegisteredModel.class);
    }

    /** The registered model of that name, created if missing (a concurrent creator wins harmlessly). */
    public RegisteredModel getOrCreateRegisteredModel(String name) {
        Optional<RegisteredModel> existing = findRegisteredModel(name);
        if (existing.isPresent()) {
            return existing.get();
        }
        try {
            return createRegisteredModel(name, null, List.of());
        } catch (MlopsException e) {
            if (MlflowErrorCode.isAlreadyExists(e)) {
                return getRegisteredModel(name);
            }
            throw e;
        }
    }

    public RegisteredModel getRegisteredModel(String name) {
        return rest.read(rest.get("registered-models/get", Map.of("name", name)).path("registered_model"),
                RegisteredModel.class);
    }

    public Optional<RegisteredModel> findRegisteredModel(String name) {
        try {
            return Optional.of(getRegisteredModel(name));
        } catch (MlopsException e) {
            if (MlflowErrorCode.isNotFound(e)) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** Sets (or replaces) a tag on a registered model. */
    public void setRegisteredModelTag(String name, String key, String value) {
        rest.post("registered-models/set-tag", Map.of("name", name, "key", key, "value", value));
    }

    public void deleteRegisteredModel(String name) {
        rest.delete("registered-models/delete", Map.of("name", name));
    }

    // ---------------------------------------------------------------- model versions

    /**
     * Creates a model version (status PENDING_REGISTRATION or READY). Not retried after an ambiguous failure: a
     * caller that needs exactly one version looks it up by a tag it sent (see {@code RegisterModel}).
     */
    public ModelVersion createModelVersion(NewModelVersion version) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", version.name());
        body.put("source", version.source());
        body.put("run_id", version.runId());
        body.put("model_id", version.modelId());
        body.put("tags", version.tags());
        body.put("description", version.description());
        return modelVersion(rest.postOnce("model-versions/create", body));
    }

    public ModelVersion getModelVersion(String name, String version) {
        return modelVersion(rest.get("model-versions/get", Map.of("name", name, "version", version)));
    }

    public Optional<ModelVersion> findModelVersion(String name, String version) {
        try {
            return Optional.of(getModelVersion(name, version));
        } catch (MlopsException e) {
            if (MlflowErrorCode.isNotFound(e)) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /**
     * Polls until the version is READY (checking every 0.2 s, slowing to 5 s). Fails on FAILED_REGISTRATION with
     * the server's status message, and when {@code timeout} passes first.
     */
    public ModelVersion awaitModelVersionReady(String name, String version, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        long pause = 200;
        while (true) {
            ModelVersion current = getModelVersion(name, version);
            if (current.isReady()) {
                return current;
            }
            if (current.isFailed()) {
                throw MlopsException.remote("model version " + name + "/" + version + " failed to register: "
                        + Objects.requireNonNullElse(current.statusMessage(), "no reason given"),
                        "check the model's source artifacts", ModelVersion.FAILED_REGISTRATION, null);
            }
            if (Instant.now().plusMillis(pause).isAfter(deadline)) {
                throw MlopsException.remote("model version " + name + "/" + version + " is still "
                        + current.status() + " after " + timeout.toSeconds() + " s",
                        "the server may be copying large artifacts; raise the registration timeout",
                        "DEADLINE_EXCEEDED", null);
            }
            pauseUnlessCancelled(pause);
            pause = Math.min(pause * 2, 5000);
        }
    }

    public void setModelVersionTag(String name, String version, String key, String value) {
        rest.post("model-versions/set-tag", Map.of("name", name, "version", version, "key", key, "value", value));
    }

    public void deleteModelVersionTag(String name, String version, String key) {
        rest.delete("model-versions/delete-tag", Map.of("name", name, "version", version, "key", key));
    }

    public void deleteModelVersion(String name, String version) {
        rest.delete("model-versions/delete", Map.of("name", name, "version", version));
    }

    /**
     * One page of versions matching {@code filter}, e.g. {@code name = 'fraud' AND tags.`mlops.build_key` = 'x'}
     * (identifiers name, run_id, source_path, tags.&lt;key&gt;; operators =, !=, LIKE, ILIKE; AND).
     */
    public Page<ModelVersion> searchModelVersions(String filter, int maxResults, String pageToken) {
        Map<String, Object> query = new LinkedHashMap<>();
        query.put("filter", filter);
        query.put("max_results", maxResults);
        query.put("page_token", pageToken);
        JsonNode answer = rest.get("model-versions/search", query);
        List<ModelVersion> versions = new ArrayList<>();
        answer.path("model_versions").forEach(node -> versions.add(rest.read(node, ModelVersion.class)));
        return new Page<>(versions, Optional.ofNullable(answer.path("next_page_token").asText(null)));
    }

    /** Every version matching {@code filter}, following page tokens. */
    public List<ModelVersion> searchAllModelVersions(String filter) {
        List<ModelVersion> all = new ArrayList<>();
        String token = null;
        do {
            Page<ModelVersion> page = searchModelVersions(filter, SEARCH_PAGE_SIZE, token);
            all.addAll(page.items());
            token = page.nextPageToken().orElse(null);
        } while (token != null);
        return all;
    }

    /** Where the version's files are, e.g. {@code mlflow-artifacts:/1/models/m-.../artifacts}. */
    public String getModelVersionDownloadUri(String name, String version) {
        return rest.get("model-versions/get-download-uri", Map.of("name", name, "version", version))
                .path("artifact_uri").asText();
    }

    private ModelVersion modelVersion(JsonNode answer) {
        return rest.read(answer.path("model_version"), ModelVersion.class);
    }

    // ---------------------------------------------------------------- aliases

    /** Points {@code alias} at {@code version}, moving it if another version holds it. */
    public void setAlias(String name, String alias, String version) {
        rest.post("registered-models/alias", Map.of("name", name, "alias", alias, "version", version));
    }

    /**
     * The version holding {@code alias}, or empty when the alias is not set or the model does not exist. Read from
     * the registered model because MLflow answers a missing alias with INVALID_PARAMETER_VALUE, which is also its
     * answer to a malformed request.
     */
    public Optional<ModelVersion> findAlias(String name, String alias) {
        Optional<String> version = findRegisteredModel(name).flatMap(model -> model.aliasVersion(alias));
        return version.map(v -> getModelVersion(name, v));
    }

    public void deleteAlias(String name, String alias) {
        rest.delete("registered-models/alias", Map.of("name", name, "alias", alias));
    }

    // ---------------------------------------------------------------- logged models (MLflow 3)

    /** Creates a logged model in PENDING state; upload its files under its artifact URI, then finalize it. */
    public LoggedModel createLoggedModel(String experimentId, String name, String sourceRunId, List<Tag> tags) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("experiment_id", experimentId);
        body.put("name", name);
        body.put("source_run_id", sourceRunId);
        body.put("tags", tags);
        return loggedModel(rest.postOnce("logged-models", body));
    }

    /** Marks the logged model READY (uploaded) or UPLOAD_FAILED. */
    public LoggedModel finalizeLoggedModel(String modelId, boolean uploaded) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("model_id", modelId);
        body.put("status", uploaded ? "LOGGED_MODEL_READY" : "LOGGED_MODEL_UPLOAD_FAILED");
        return loggedModel(rest.patch("logged-models/" + modelId, body));
    }

    public LoggedModel getLoggedModel(String modelId) {
        return loggedModel(rest.get("logged-models/" + modelId, Map.of()));
    }

    public Optional<LoggedModel> findLoggedModel(String modelId) {
        try {
            return Optional.of(getLoggedModel(modelId));
        } catch (MlopsException e) {
            if (MlflowErrorCode.isNotFound(e)) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /**
     * Logged models of the given experiments matching {@code filter} (e.g. {@code name = 'model'}; null for all),
     * following page tokens.
     */
    public List<LoggedModel> searchLoggedModels(List<String> experimentIds, String filter) {
        List<LoggedModel> all = new ArrayList<>();
        String token = null;
        do {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("experiment_ids", experimentIds);
            body.put("filter", filter);
            body.put("page_token", token);
            JsonNode answer = rest.post("logged-models/search", body);
            answer.path("models").forEach(node -> all.add(rest.read(node.path("info"), LoggedModel.class)));
            token = answer.path("next_page_token").asText(null);
            token = token == null || token.isEmpty() ? null : token;
        } while (token != null);
        return all;
    }

    private LoggedModel loggedModel(JsonNode answer) {
        return rest.read(answer.path("model").path("info"), LoggedModel.class);
    }

    /** Sleeps {@code millis}, or less when this client's cancellation is cancelled meanwhile. */
    private void pauseUnlessCancelled(long millis) {
        CountDownLatch cancelled = new CountDownLatch(1);
        try (Cancellation.Registration registration = cancellation.onCancel(cancelled::countDown)) {
            cancelled.await(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw MlopsException.remote("interrupted while waiting for MLflow", null, null, e);
        }
    }
}
