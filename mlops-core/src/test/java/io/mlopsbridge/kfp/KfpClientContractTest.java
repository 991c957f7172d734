package io.mlopsbridge.kfp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mlopsbridge.core.ErrorKind;
import io.mlopsbridge.core.InputNaming;
import io.mlopsbridge.core.MlopsException;
import io.mlopsbridge.http.HttpSettings;
import io.mlopsbridge.http.RefusingLoopbackPort;
import io.mlopsbridge.kfp.fake.FakeKfpServer;
import io.mlopsbridge.kfp.fake.RunScript;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The client against the fake KFP server, which checks every exchange against the official swagger. */
class KfpClientContractTest {
    @RegisterExtension
    final FakeKfpServer kfp = new FakeKfpServer();

    static final HttpSettings FAST = HttpSettings.defaults()
            .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(5))
            .withBackoff(Duration.ofMillis(5), Duration.ofMillis(50));

    private KfpClient client() {
        return new KfpClient(KfpConfig.of(kfp.url()).withHttp(FAST));
    }

    private final PipelineSpecFile pipeline = ExamplePipelines.fraudDetection();

    @Test
    void healthzTellsWhetherTheServerIsMultiUser() {
        assertThat(client().healthz().multiUser()).isFalse();
        kfp.multiUser(true);
        assertThat(client().healthz().multiUser()).isTrue();
    }

    @Test
    void theFirstUploadCreatesThePipelineAndAVersionNamedAfterTheRelease() {
        PipelineUploader.Published published = new PipelineUploader(client(), io.mlopsbridge.log.BuildLog.silent())
                .publish(pipeline, "fraud-detection", "1.4.0");

        assertThat(published.created()).isTrue();
        assertThat(published.version().name()).isEqualTo("1.4.0");
        assertThat(published.version().pipelineId()).isEqualTo(published.pipeline().pipelineId());
        assertThat(kfp.calls("UploadPipeline")).singleElement().satisfies(c ->
                assertThat(c.body()).contains("filename=\"pipeline.yaml\"").contains("schemaVersion: 2.1.0"));
        assertThat(kfp.pipelineVersionCount("fraud-detection")).as("KFP's own first version plus 1.4.0").isEqualTo(2);
    }

    @Test
    void laterUploadsAddVersionsToTheExistingPipeline() {
        PipelineUploader uploader = new PipelineUploader(client(), io.mlopsbridge.log.BuildLog.silent());
        uploader.publish(pipeline, "fraud-detection", "1.4.0");
        PipelineUploader.Published second = uploader.publish(pipeline, "fraud-detection", "1.5.0");

        assertThat(second.created()).isTrue();
        assertThat(second.version().name()).isEqualTo("1.5.0");
        assertThat(kfp.calls("UploadPipeline")).hasSize(1);
        assertThat(kfp.calls("UploadPipelineVersion")).hasSize(2);
        assertThat(kfp.pipelineVersionCount("fraud-detection")).isEqualTo(3);
    }

    @Test
    void republishingTheSameReleaseReusesItsVersion() {
        PipelineUploader uploader = new PipelineUploader(client(), io.mlopsbridge.log.BuildLog.silent());
        PipelineUploader.Published first = uploader.publish(pipeline, "fraud-detection", "1.4.0");
        PipelineUploader.Published again = uploader.publish(pipeline, "fraud-detection", "1.4.0");

        assertThat(again.created()).isFalse();
        assertThat(again.version().pipelineVersionId()).isEqualTo(first.version().pipelineVersionId());
        assertThat(kfp.calls("UploadPipelineVersion")).hasSize(1);
    }

    @Test
    void twoTrainingsUploadingTheSameNewPipelineAtOnceBothUseTheOneThatWasCreated() throws Exception {
        kfp.race("UploadPipeline", 2);

        List<PipelineUploader.Published> both = publishConcurrently("1.4.0", "1.4.0");

        assertThat(kfp.calls("UploadPipeline")).as("both tried to create it").hasSize(2);
        assertThat(both).extracting(p -> p.pipeline().pipelineId()).containsOnly(both.get(0).pipeline().pipelineId());
        assertThat(both).extracting(p -> p.version().pipelineVersionId())
                .containsOnly(both.get(0).version().pipelineVersionId());
        assertThat(kfp.pipelineVersionCount("fraud-detection")).as("KFP's own first version plus 1.4.0").isEqualTo(2);
    }

    @Test
    void twoTrainingsUploadingTheSameNewReleaseAtOnceBothUseTheVersionThatWasCreated() throws Exception {
        new PipelineUploader(client(), io.mlopsbridge.log.BuildLog.silent()).publish(pipeline, "fraud-detection",
                "1.3.0");
        kfp.race("UploadPipelineVersion", 2);

        List<PipelineUploader.Published> both = publishConcurrently("1.4.0", "1.4.0");

        assertThat(kfp.calls("UploadPipelineVersion")).as("1.3.0, then both tried to create 1.4.0").hasSize(3);
        assertThat(both).extracting(p -> p.version().pipelineVersionId())
                .containsOnly(both.get(0).version().pipelineVersionId());
        assertThat(both).extracting(PipelineUploader.Published::created).containsExactlyInAnyOrder(true, false);
        assertThat(kfp.pipelineVersionCount("fraud-detection")).isEqualTo(3);
    }

    /** Each release published by its own uploader on its own thread, all at once. */
    private List<PipelineUploader.Published> publishConcurrently(String... releases) throws Exception {
        ExecutorService builds = Executors.newFixedThreadPool(releases.length);
        try {
            List<Future<PipelineUploader.Published>> futures = new ArrayList<>();
            for (String release : releases) {
                futures.add(builds.submit(() -> new PipelineUploader(client(), io.mlopsbridge.log.BuildLog.silent())
                        .publish(pipeline, "fraud-detection", release)));
            }
            List<PipelineUploader.Published> published = new ArrayList<>();
            for (Future<PipelineUploader.Published> future : futures) {
                published.add(future.get(2, TimeUnit.MINUTES)); // bounds a hang only
            }
            return published;
        } finally {
            builds.shutdownNow();
        }
    }

    @Test
    void theSameReleaseWithADifferentDefinitionIsRefused() {
        PipelineUploader uploader = new PipelineUploader(client(), io.mlopsbridge.log.BuildLog.silent());
        uploader.publish(pipeline, "fraud-detection", "1.4.0");
        String changed = new String(pipeline.content(), StandardCharsets.UTF_8)
                .replace("defaultValue: 200.0", "defaultValue: 300.0");
        PipelineSpecFile edited = PipelineSpecFile.parse("pipeline.yaml", changed.getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> uploader.publish(edited, "fraud-detection", "1.4.0"))
                .isInstanceOfSatisfying(MlopsException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.INPUT);
                    assertThat(e.getMessage()).isEqualTo(
                            "KFP pipeline 'fraud-detection' already has a version '1.4.0' with a different definition");
                });
    }

    @Test
    void experimentsAreFoundByNameOrCreatedInTheNamespace() {
        kfp.multiUser(true);
        KfpClient client = new KfpClient(KfpConfig.of(kfp.url()).withHttp(FAST).withNamespace("team-fraud"));
        KfpExperiment created = client.findOrCreateExperiment("fraud-detection");
        KfpExperiment found = client.findOrCreateExperiment("fraud-detection");

        assertThat(found).isEqualTo(created);
        assertThat(created.namespace()).isEqualTo("team-fraud");
        assertThat(kfp.calls("ExperimentService_CreateExperiment")).hasSize(1);
    }

    @Test
    void runsAreCreatedFromAVersionWithTypedParametersAndListedAndFound() {
        KfpClient client = client();
        PipelineUploader.Published published = new PipelineUploader(client, io.mlopsbridge.log.BuildLog.silent())
                .publish(pipeline, "fraud-detection", "1.4.0");
        KfpExperiment experiment = client.findOrCreateExperiment("fraud-detection");
        Map<String, Object> parameters = RuntimeParameters.bind("fraud-detection", pipeline.parameters(),
                Map.of("release_version", "1.4.0", "n_estimators", "300", "fraud_rate", "0.03"));

        KfpRun run = client.createRun(new RunRequest("fraud-detection 1.4.0 #17", "build 17", experiment.experimentId(),
                new RunRequest.PipelineVersionReference(published.pipeline().pipelineId(),
                        published.version().pipelineVersionId()),
                new RunRequest.RuntimeConfig(parameters, null), null, null));

        assertThat(run.state()).isEqualTo(RunState.PENDING);
        assertThat(kfp.calls("RunService_CreateRun")).singleElement().satisfies(c -> assertThat(c.body())
                .contains("\"runtime_config\":{\"parameters\":{\"fraud_rate\":0.03,\"n_estimators\":300,"
                        + "\"release_version\":\"1.4.0\"}}"));
        assertThat(client.getRun(run.runId()).runId()).isEqualTo(run.runId());
        assertThat(client.listRuns(experiment.experimentId(), null, 10).runs()).extracting(KfpRun::runId)
                .containsExactly(run.runId());
        assertThat(client.findRun(experiment.experimentId(), "fraud-detection 1.4.0 #17", "build 17")).map(KfpRun::runId)
                .contains(run.runId());
    }

    @Test
    void aRunIsFoundByItsRequestTokenOnALaterPageOfRunsWithTheSameName() {
        KfpClient client = client();
        KfpRun wanted = startRun(client, "release 1.4.0 (request 5e1f9a2c)");
        for (int i = 0; i < 120; i++) {
            startRun(client, "release 1.4.0 (request later-" + i + ")");
        }
        String experimentId = wanted.experimentId();
        kfp.clearCalls();

        assertThat(client.findRun(experimentId, "fraud-detection 1.4.0", "release 1.4.0 (request 5e1f9a2c)"))
                .map(KfpRun::runId).contains(wanted.runId());
        assertThat(kfp.calls("RunService_ListRuns")).as("a page of 100, then the next").hasSize(2);
        assertThat(client.findRun(experimentId, "fraud-detection 1.4.0", "no such request"))
                .isEmpty();
    }

    @Test
    void aFailedRunCanBeRetried() {
        kfp.runsFollow(RunScript.fails("train-model: exit code 1"));
        KfpClient client = client();
        String runId = startRun(client);
        for (int i = 0; i < 3; i++) {
            client.getRun(runId);
        }
        assertThat(client.getRun(runId).state()).isEqualTo(RunState.FAILED);

        client.retryRun(runId);

        assertThat(client.getRun(runId).state()).isEqualTo(RunState.RUNNING);
        assertThat(client.getRun(runId).state()).isEqualTo(RunState.SUCCEEDED);
    }

    @Test
    void serverErrorsKeepTheServersCodeAndMessage() {
        assertThatThrownBy(() -> client().getRun("no-such-run"))
                .isInstanceOfSatisfying(MlopsException.class, e -> {
                    assertThat(e.getMessage()).isEqualTo(
                            "KFP get run no-such-run failed: Failed to get run: run no-such-run not found");
                    assertThat(e.remoteCode()).contains("NOT_FOUND");
                });
    }

    @Test
    void anUnreachableServerIsNamedWithoutTheCredentialsInItsUrlAndSaysWhy() {
        try (RefusingLoopbackPort refusing = RefusingLoopbackPort.open()) {
            for (String credentials : List.of("?token=KfpQ888", "?access_token=KfpQ888", "?api_key=KfpQ888",
                    "#token=KfpQ888")) {
                KfpClient client = new KfpClient(KfpConfig.of(refusing.url() + "/" + credentials)
                        .withHttp(FAST.withMaxAttempts(1)));

                assertThatThrownBy(client::healthz).as(credentials)
                        .isInstanceOfSatisfying(MlopsException.class, e -> assertThat(e.oneLine())
                                .startsWith("KFP health check: cannot reach " + refusing.url() + "/: connection refused")
                                .doesNotContain("KfpQ888"));
                assertThat(client.toString()).doesNotContain("KfpQ888");
            }
        }
    }

    @Test
    void aRefusedTokenSaysHowToFixIt() {
        kfp.requireToken("good-token");
        KfpClient client = new KfpClient(KfpConfig.of(kfp.url()).withHttp(FAST).withToken("expired-token"));
        assertThatThrownBy(client::healthz)
                .isInstanceOfSatisfying(MlopsException.class, e -> {
                    assertThat(e.remoteCode()).contains("UNAUTHENTICATED");
                    assertThat(e.hint()).hasValueSatisfying(h -> assertThat(h).contains("audience pipelines.kubeflow.org"));
                    assertThat(e.oneLine()).doesNotContain("expired-token");
                });
    }

    @Test
    void aServerThatNeedsATokenWhenNoneIsConfiguredSaysNoneWasSentAndHowToGiveOne() {
        kfp.requireToken("good-token");
        KfpClient client = new KfpClient(KfpConfig.of(kfp.url()).withHttp(FAST));
        assertThatThrownBy(client::healthz)
                .isInstanceOfSatisfying(MlopsException.class, e -> {
                    assertThat(e.remoteCode()).contains("UNAUTHENTICATED");
                    assertThat(e.hint()).hasValueSatisfying(h -> assertThat(h)
                            .startsWith("no token was sent (none is configured)").doesNotContain("refused")
                            .contains("KFP_TOKEN").contains("KF_PIPELINES_SA_TOKEN_PATH"));
                });
    }

    @Test
    void aServerThatNeedsATokenTellsAJenkinsUserToGiveTheCredentialParameter() {
        kfp.requireToken("good-token");
        KfpClient client = new KfpClient(KfpConfig.of(kfp.url()).withHttp(FAST));
        assertThatThrownBy(client::healthz)
                .isInstanceOfSatisfying(MlopsException.class, e -> assertThat(e.oneLine(InputNaming.STEP_PARAMETERS))
                        .contains("no token was sent (none is configured)").contains("kubeflowCredentialsId")
                        .doesNotContain("$KFP_TOKEN").doesNotContain("KF_PIPELINES_SA_TOKEN_PATH"));
    }

    @Test
    void aRequestTheSpecForbidsFailsAtTheFakeServer() throws Exception {
        kfp.expectViolations();
        OkHttpClient raw = new OkHttpClient();
        Request bad = new Request.Builder().url(kfp.url() + "/apis/v2beta1/experiments")
                .post(RequestBody.create("{\"display_name\": \"x\", \"owner\": \"me\"}",
                        MediaType.get("application/json"))).build();
        try (Response response = raw.newCall(bad).execute()) {
            assertThat(response.code()).isEqualTo(400);
        }
        assertThat(kfp.violations()).containsExactly(
                "POST /apis/v2beta1/experiments: body.owner: unknown field (the KFP server rejects unknown fields)");
    }

    @Test
    void aSpecViolationFailsTheTestThatCausedIt() throws Exception {
        FakeKfpServer strict = new FakeKfpServer();
        strict.start();
        Request camelCase = new Request.Builder().url(strict.url() + "/apis/v2beta1/experiments")
                .post(RequestBody.create("{\"displayName\": \"fraud\"}", MediaType.get("application/json")))
                .build();
        try (Response response = new OkHttpClient().newCall(camelCase).execute()) {
            assertThat(response.code()).isEqualTo(400);
        }

        assertThatThrownBy(() -> strict.afterEach(null))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("requests or responses the KFP swagger does not allow")
                .hasMessageContaining("body.displayName: unknown field");
    }

    static String startRun(KfpClient client) {
        return startRun(client, null).runId();
    }

    /** Publishes the example pipeline as release 1.4.0 (once) and starts a run of it described as given. */
    static KfpRun startRun(KfpClient client, String description) {
        PipelineSpecFile file = ExamplePipelines.fraudDetection();
        PipelineUploader.Published published = new PipelineUploader(client, io.mlopsbridge.log.BuildLog.silent())
                .publish(file, "fraud-detection", "1.4.0");
        KfpExperiment experiment = client.findOrCreateExperiment("fraud-detection");
        return client.createRun(new RunRequest("fraud-detection 1.4.0", description, experiment.experimentId(),
                new RunRequest.PipelineVersionReference(published.pipeline().pipelineId(),
                        published.version().pipelineVersionId()),
                new RunRequest.RuntimeConfig(Map.of("release_version", "1.4.0"), null), null, null));
    }
}
