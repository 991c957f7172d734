package io.mlopsbridge.mlflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mlopsbridge.core.ErrorKind;
import io.mlopsbridge.core.MlopsException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The client against a real MLflow 3 server: every call here goes over HTTP to {@code mlflow server}. */
@ExtendWith(MlflowServerExtension.class)
class MlflowClientTest {
    private final MlflowClient mlflow;

    MlflowClientTest(MlflowClient mlflow) {
        this.mlflow = mlflow;
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private Run newRun() {
        Experiment experiment = mlflow.getOrCreateExperiment(unique("client-test"));
        return mlflow.createRun(experiment.experimentId(), "train", List.of(new Tag("team", "fraud")));
    }

    @Test
    void getOrCreateExperimentCreatesOnceAndThenFindsIt() {
        String name = unique("experiment");
        Experiment created = mlflow.getOrCreateExperiment(name);
        Experiment again = mlflow.getOrCreateExperiment(name);

        assertThat(again.experimentId()).isEqualTo(created.experimentId());
        assertThat(created.artifactLocation()).startsWith("mlflow-artifacts:/");
    }

    @Test
    void createExperimentWithTakenNameReportsAlreadyExistsByErrorCode() {
        String name = unique("experiment");
        mlflow.createExperiment(name, List.of());

        assertThatThrownBy(() -> mlflow.createExperiment(name, List.of()))
                .isInstanceOfSatisfying(MlopsException.class, e -> {
                    assertThat(MlflowErrorCode.isAlreadyExists(e)).isTrue();
                    assertThat(e.getMessage()).doesNotContain("\n").doesNotContain("INSERT INTO");
                });
    }

    @Test
    void findExperimentByNameIsEmptyForUnknownName() {
        assertThat(mlflow.findExperimentByName(unique("missing"))).isEmpty();
    }

    @Test
    void createdRunCarriesItsTagsAndCanBeFinished() {
        Run run = newRun();

        RunInfo finished = mlflow.endRun(run.runId(), RunStatus.FINISHED);
        Run fetched = mlflow.getRun(run.runId());

        assertThat(finished.status()).isEqualTo(RunStatus.FINISHED);
        assertThat(fetched.info().endTime()).isNotNull();
        assertThat(fetched.data().tagValues()).containsEntry("team", "fraud");
        assertThat(fetched.info().artifactUri()).startsWith("mlflow-artifacts:/");
    }

    @Test
    void logBatchSplitsAboveMlflowLimitsAndEverythingArrives() {
        Run run = newRun();
        List<Metric> metrics = new ArrayList<>();
        for (int i = 0; i < 2500; i++) {
            metrics.add(new Metric("loss", 1.0 / (i + 1), 1_700_000_000_000L + i, i));
        }
        metrics.add(Metric.of("auc", 0.93));
        List<Param> params = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            params.add(new Param("p" + i, Integer.toString(i)));
        }
        List<Tag> tags = List.of(new Tag("stage", "train"));

        long before = mlflow.httpCalls();
        mlflow.logBatch(run.runId(), metrics, params, tags);
        long calls = mlflow.httpCalls() - before;

        RunData data = mlflow.getRun(run.runId()).data();
        assertThat(data.paramValues()).hasSize(150).containsEntry("p149", "149");
        assertThat(data.metricValues()).containsEntry("auc", 0.93).containsEntry("loss", 1.0 / 2500);
        assertThat(data.tagValues()).containsEntry("stage", "train");
        assertThat(calls).as("2501 metrics and 151 params+tags need at least 3 calls").isBetween(3L, 4L);
    }

    @Test
    void logInputsRecordsDatasetWithDigest() {
        Run run = newRun();
        Dataset dataset = Dataset.of("transactions", "9f86d081884c7d65", "local", "{\"uri\": \"/data/train.csv\"}");

        mlflow.logInputs(run.runId(), List.of(DatasetInput.of(dataset, "training")));

        List<DatasetInput> inputs = mlflow.getRun(run.runId()).inputs().datasetInputs();
        assertThat(inputs).singleElement().satisfies(input -> {
            assertThat(input.dataset().digest()).isEqualTo("9f86d081884c7d65");
            assertThat(input.tags()).contains(new Tag(DatasetInput.CONTEXT_TAG, "training"));
        });
    }

    @Test
    void searchRunsFiltersOnMetrics() {
        Run good = newRun();
        mlflow.logMetrics(good.runId(), Map.of("auc", 0.95));
        Run bad = mlflow.createRun(good.info().experimentId(), "weak", List.of());
        mlflow.logMetrics(bad.runId(), Map.of("auc", 0.71));

        Page<Run> page = mlflow.searchRuns(List.of(good.info().experimentId()), "metrics.auc > 0.9", 10, null);

        assertThat(page.items()).extracting(Run::runId).containsExactly(good.runId());
    }

    @Test
    void artifactsRoundTripThroughTheProxyStreamed(@TempDir Path tmp) throws IOException {
        Run run = newRun();
        Path model = tmp.resolve("model");
        Files.createDirectories(model.resolve("data"));
        Files.writeString(model.resolve("MLmodel"), "flavors:\n  python_function: {}\n");
        Path weights = model.resolve("data/weights.bin");
        byte[] block = new byte[1 << 20];
        new Random(7).nextBytes(block);
        try (OutputStream out = Files.newOutputStream(weights)) {
            for (int i = 0; i < 12; i++) {
                out.write(block); // 12 MiB: larger than any buffer the client uses
            }
        }

        mlflow.uploadArtifacts(run.info().artifactUri(), "model", model);
        mlflow.uploadArtifact(run.info().artifactUri(), "notes/readme.txt",
                new ByteArrayInputStream("trained on 2024 data".getBytes(StandardCharsets.UTF_8)), -1);

        assertThat(mlflow.listArtifacts(run.info().artifactUri(), null, true))
                .extracting(ArtifactFile::path)
                .containsExactlyInAnyOrder("model", "model/MLmodel", "model/data", "model/data/weights.bin",
                        "notes", "notes/readme.txt");
        assertThat(mlflow.listArtifacts(run.info().artifactUri(), "model/data", false))
                .singleElement().satisfies(f -> assertThat(f.fileSize()).isEqualTo(12L << 20));

        Path back = tmp.resolve("back");
        mlflow.downloadArtifacts(run.info().artifactUri(), "model", back);
        assertThat(back.resolve("data/weights.bin")).hasSameBinaryContentAs(weights);
        assertThat(back.resolve("MLmodel")).hasSameTextualContentAs(model.resolve("MLmodel"));
    }

    @Test
    void downloadOfMissingArtifactFailsWithoutLeavingAFile(@TempDir Path tmp) {
        Run run = newRun();
        Path target = tmp.resolve("missing.bin");

        assertThatThrownBy(() -> mlflow.downloadArtifact(run.info().artifactUri(), "nope.bin", target))
                .isInstanceOfSatisfying(MlopsException.class, e -> assertThat(MlflowErrorCode.isNotFound(e)).isTrue());
        assertThat(tmp).isEmptyDirectory();
    }

    @Test
    void registryVersionFromRunArtifactsCarriesTagsAndBecomesReady(@TempDir Path tmp) throws IOException {
        Run run = newRun();
        Files.writeString(tmp.resolve("MLmodel"), "flavors: {}\n");
        mlflow.uploadArtifacts(run.info().artifactUri(), "model", tmp);
        String name = unique("fraud-model");
        mlflow.getOrCreateRegisteredModel(name);
        mlflow.getOrCreateRegisteredModel(name);

        ModelVersion created = mlflow.createModelVersion(NewModelVersion.fromRunArtifacts(name, run.info(), "model")
                .withTags(List.of(new Tag("mlops.release", "42-abc1234"))));
        ModelVersion ready = mlflow.awaitModelVersionReady(name, created.version(), Duration.ofSeconds(30));

        assertThat(ready.isReady()).isTrue();
        assertThat(ready.runId()).isEqualTo(run.runId());
        assertThat(ready.tagValues()).containsEntry("mlops.release", "42-abc1234");
        assertThat(mlflow.getModelVersionDownloadUri(name, created.version()))
                .isEqualTo(run.info().artifactUri() + "/model");
    }

    @Test
    void versionFromLoggedModelIsRegisteredWithModelId(@TempDir Path tmp) throws IOException {
        Run run = newRun();
        LoggedModel logged = mlflow.createLoggedModel(run.info().experimentId(), "model", run.runId(), List.of());
        Files.writeString(tmp.resolve("MLmodel"), "flavors: {}\n");
        mlflow.uploadArtifacts(logged.artifactUri(), "", tmp);
        LoggedModel ready = mlflow.finalizeLoggedModel(logged.modelId(), true);
        String name = unique("logged");
        mlflow.getOrCreateRegisteredModel(name);

        ModelVersion version = mlflow.createModelVersion(NewModelVersion.fromLoggedModel(name, ready, run.runId()));

        assertThat(ready.status()).isEqualTo("LOGGED_MODEL_READY");
        assertThat(version.source()).isEqualTo("models:/" + logged.modelId());
        assertThat(mlflow.awaitModelVersionReady(name, version.version(), Duration.ofSeconds(30)).source())
                .isEqualTo(logged.modelUri());
    }

    @Test
    void aliasesCanBeSetMovedReadAndDeleted() {
        Run run = newRun();
        String name = unique("aliased");
        mlflow.getOrCreateRegisteredModel(name);
        ModelVersion v1 = mlflow.createModelVersion(NewModelVersion.fromRunArtifacts(name, run.info(), "model"));
        ModelVersion v2 = mlflow.createModelVersion(NewModelVersion.fromRunArtifacts(name, run.info(), "model"));

        mlflow.setAlias(name, "champion", v1.version());
        mlflow.setAlias(name, "champion", v2.version());
        assertThat(mlflow.findAlias(name, "champion")).get().extracting(ModelVersion::version)
                .isEqualTo(v2.version());
        assertThat(mlflow.getRegisteredModel(name).aliasVersion("champion")).contains(v2.version());

        mlflow.deleteAlias(name, "champion");
        assertThat(mlflow.findAlias(name, "champion")).isEmpty();
    }

    @Test
    void searchModelVersionsByDottedTagFollowsPageTokens() {
        Run run = newRun();
        String name = unique("paged");
        mlflow.getOrCreateRegisteredModel(name);
        for (int i = 0; i < 3; i++) {
            mlflow.createModelVersion(NewModelVersion.fromRunArtifacts(name, run.info(), "model")
                    .withTags(List.of(new Tag("mlops.build_key", i < 2 ? "job#7" : "job#8"))));
        }
        String filter = "name = '" + name + "' AND tags.`mlops.build_key` = 'job#7'";

        Page<ModelVersion> first = mlflow.searchModelVersions(filter, 1, null);
        Page<ModelVersion> second = mlflow.searchModelVersions(filter, 1, first.nextPageToken().orElseThrow());

        assertThat(first.items()).hasSize(1);
        assertThat(second.items()).hasSize(1);
        assertThat(mlflow.searchAllModelVersions(filter)).extracting(ModelVersion::version)
                .containsExactlyInAnyOrder("1", "2");
    }

    @Test
    void modelVersionTagsCanBeSetAndDeleted() {
        Run run = newRun();
        String name = unique("tagged");
        mlflow.getOrCreateRegisteredModel(name);
        ModelVersion v = mlflow.createModelVersion(NewModelVersion.fromRunArtifacts(name, run.info(), "model"));

        mlflow.setModelVersionTag(name, v.version(), "validation_status", "approved");
        assertThat(mlflow.getModelVersion(name, v.version()).tag("validation_status")).contains("approved");
        mlflow.deleteModelVersionTag(name, v.version(), "validation_status");
        assertThat(mlflow.getModelVersion(name, v.version()).tag("validation_status")).isEmpty();
    }

    @Test
    void unknownRunIsRemoteNotFoundWithOneLineMessage() {
        assertThatThrownBy(() -> mlflow.getRun("0123456789abcdef0123456789abcdef"))
                .isInstanceOfSatisfying(MlopsException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.REMOTE);
                    assertThat(e.remoteCode()).contains("RESOURCE_DOES_NOT_EXIST");
                    assertThat(e.getMessage()).contains("runs/get").doesNotContain("\n");
                });
        assertThat(mlflow.findRun("0123456789abcdef0123456789abcdef")).isEmpty();
    }

    @Test
    void invalidModelNameIsRejectedByServerWithItsErrorCode() {
        assertThatThrownBy(() -> mlflow.createRegisteredModel("fraud/model", null, List.of()))
                .isInstanceOfSatisfying(MlopsException.class,
                        e -> assertThat(e.remoteCode()).contains("INVALID_PARAMETER_VALUE"));
    }

    @Test
    void reportsServerVersion() throws Exception {
        Process installed = new ProcessBuilder(MlflowServerExtension.mlflowExecutable().toString(), "--version")
                .redirectErrorStream(true).start();
        String printed = new String(installed.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        installed.waitFor();

        assertThat(mlflow.serverVersion()).startsWith("3.");
        assertThat(printed).as("mlflow --version of the server's environment")
                .isEqualTo("mlflow, version " + mlflow.serverVersion());
    }
}
