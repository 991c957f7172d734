package io.mlopsbridge.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.mlopsbridge.core.Cancellation;
import io.mlopsbridge.core.ErrorKind;
import io.mlopsbridge.core.MlopsException;
import io.mlopsbridge.http.DroppingLoopbackPort;
import io.mlopsbridge.lineage.BuildInfo;
import io.mlopsbridge.mlflow.HungMlflow;
import io.mlopsbridge.mlflow.MlflowClient;
import io.mlopsbridge.mlflow.MlflowConfig;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;

/**
 * An abort (Ctrl-C of {@code mlops deploy}, a Jenkins stop) that arrives while the Kubernetes API server is slow to
 * answer a planning read, or while its address does not answer the connection at all, ends the deployment at once as
 * aborted, with nothing written to the cluster or to MLflow: the read or the connect is cut off, not waited out to
 * fabric8's request timeout (10 s, and the read is retried ten times) or the reachability probe's connect timeout
 * (10 s). MLflow answers the version lookup.
 */
class DeployAbortWhileApiServerHangsTest {
    private static final BuildInfo BUILD = new BuildInfo("3f9c2ab7e1d04c55aa0e2f7a31f0c9d8b6e4a210",
            "https://github.com/acme/fraud.git", "fraud/main", "131", "https://jenkins.acme.com/job/fraud/131/",
            "jenkins");

    private final List<String> mlflowRequests = new CopyOnWriteArrayList<>();

    @Test
    void anAbortWhileTheApiServerHoldsAPlanningReadEndsTheDeploymentAtOnceWithNothingWritten() throws Exception {
        try (MockWebServer mlflow = answeringTheVersionLookup(); MockWebServer apiServer = HungMlflow.start()) {
            Cancellation cancellation = Cancellation.create();
            CompletableFuture<DeployResult> deploying = deploying(mlflow, apiServer.url("/").toString(), cancellation);

            RecordedRequest firstRead = apiServer.takeRequest(30, TimeUnit.SECONDS);
            assertThat(firstRead).as("the first planning read sent to the API server").isNotNull();
            cancellation.cancel("the build was aborted");

            // Far below one request's timeout (10 s), let alone its retries: the read must be cut off.
            assertEndedAsTheAbort(deploying);
            assertThat(methods(firstRead, apiServer)).as("requests the API server received").containsOnly("GET");
            assertThat(mlflowRequests).as("requests MLflow received: the version lookup only")
                    .containsExactly("GET /api/2.0/mlflow/model-versions/get");
        }
    }

    @Test
    void anAbortWhileTheApiServerAddressDoesNotAnswerTheConnectEndsTheDeploymentAtOnceWithNothingWritten()
            throws Exception {
        try (MockWebServer mlflow = answeringTheVersionLookup(); DroppingLoopbackPort apiServer =
                DroppingLoopbackPort.open()) {
            Cancellation cancellation = Cancellation.create();
            CompletableFuture<DeployResult> deploying = deploying(mlflow, apiServer.httpsUrl(), cancellation);

            assertThat(apiServer.awaitConnectAttempt(Duration.ofSeconds(30)))
                    .as("the deployment is connecting to the API server").isTrue();
            cancellation.cancel("the build was aborted");

            // Far below the probe's connect timeout (10 s): the connect must be cut off.
            assertEndedAsTheAbort(deploying);
            assertThat(mlflowRequests).as("requests MLflow received: the version lookup only")
                    .containsExactly("GET /api/2.0/mlflow/model-versions/get");
        }
    }

    private MockWebServer answeringTheVersionLookup() throws Exception {
        MockWebServer mlflow = new MockWebServer();
        mlflow.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                return answer(request);
            }
        });
        mlflow.start();
        return mlflow;
    }

    /** Deploys version 3 to KServe through the API server at {@code apiServerUrl}, on a thread of its own. */
    private static CompletableFuture<DeployResult> deploying(MockWebServer mlflow, String apiServerUrl,
                                                             Cancellation cancellation) {
        ClusterAccess cluster = ClusterAccess.server(URI.create(apiServerUrl), () -> KServeCluster.TOKEN, null);
        DeployModel engine = DeployModel.with(new MlflowClient(MlflowConfig.of(mlflow.url("/").toString())),
                cluster, List.of("mlflow"), new RecordingLog());
        DeployRequest request = DeployRequest.builder("fraud-detector", DeployTarget.KSERVE).version("3")
                .namespace(KServeCluster.NAMESPACE).storageUri("s3://acme-models/fraud-detector/3")
                .promoteAlias("champion").timeout(Duration.ofMinutes(10)).release("131-3f9c2ab").build(BUILD)
                .done();
        return CompletableFuture.supplyAsync(() -> engine.deploy(request, cancellation));
    }

    private static void assertEndedAsTheAbort(CompletableFuture<DeployResult> deploying) throws Exception {
        Throwable ended = deploying.handle((result, failure) -> failure).get(5, TimeUnit.SECONDS);
        assertThat(ended).hasCauseInstanceOf(MlopsException.class);
        MlopsException aborted = (MlopsException) ended.getCause();
        assertThat(aborted.kind()).as(aborted.getMessage()).isEqualTo(ErrorKind.ABORTED);
        assertThat(aborted.getMessage()).isEqualTo("cancelled (the build was aborted)");
    }

    private MockResponse answer(RecordedRequest request) {
        String path = request.getUrl().encodedPath();
        mlflowRequests.add(request.getMethod() + " " + path);
        if (path.endsWith("/model-versions/get")) {
            return new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json").body("""
                    {"model_version": {"name": "fraud-detector", "version": "3", "status": "READY",
                     "run_id": "5f1c0a9e2b7d4c3a8e6f1b0d9c8a7e65", "source": "models:/m-0a1b2c3d4e5f60718293a4b5c6d7e8f9",
                     "tags": [{"key": "mlops.gate.verdict", "value": "passed"}]}}""").build();
        }
        return new MockResponse.Builder().code(404).addHeader("Content-Type", "application/json")
                .body("{\"error_code\": \"ENDPOINT_NOT_FOUND\", \"message\": \"not in this test\"}").build();
    }

    /** The methods of every request the API server received, the first one included. */
    private static List<String> methods(RecordedRequest first, MockWebServer apiServer) throws InterruptedException {
        List<String> methods = new ArrayList<>(List.of(first.getMethod()));
        for (RecordedRequest next = apiServer.takeRequest(0, TimeUnit.SECONDS); next != null;
             next = apiServer.takeRequest(0, TimeUnit.SECONDS)) {
            methods.add(next.getMethod());
        }
        return methods;
    }
}
