package io.mlopsbridge.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.mlopsbridge.core.Cancellation;
import io.mlopsbridge.core.ErrorKind;
import io.mlopsbridge.core.MlopsException;
import io.mlopsbridge.lineage.BuildInfo;
import io.mlopsbridge.mlflow.HungMlflow;
import io.mlopsbridge.mlflow.MlflowClient;
import io.mlopsbridge.mlflow.MlflowConfig;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;

/**
 * An abort (Ctrl-C of {@code mlops deploy}, a Jenkins stop) that arrives while MLflow is slow to answer the
 * deployment's first read ends the deployment at once as aborted, with nothing deployed: the read is cut off, not
 * waited out to its timeout (60 s, and reads are retried). The stand-in server takes every request and answers none.
 */
class DeployAbortWhileMlflowHangsTest {
    private static final BuildInfo BUILD = new BuildInfo("3f9c2ab7e1d04c55aa0e2f7a31f0c9d8b6e4a210",
            "https://github.com/acme/fraud.git", "fraud/main", "131", "https://jenkins.acme.com/job/fraud/131/",
            "jenkins");

    @Test
    void anAbortWhileMlflowHoldsTheVersionLookupEndsTheDeploymentAtOnceWithNothingDeployed() throws Exception {
        try (MockWebServer mlflow = HungMlflow.start()) {
            RecordingLog log = new RecordingLog();
            DeployModel engine = DeployModel.with(new MlflowClient(MlflowConfig.of(mlflow.url("/").toString())),
                    null, List.of("mlflow"), log);
            DeployRequest request = DeployRequest.builder("fraud-detector", DeployTarget.LOCAL).version("3")
                    .timeout(Duration.ofMinutes(10)).release("131-3f9c2ab").build(BUILD).done();
            Cancellation cancellation = Cancellation.create();
            CompletableFuture<DeployResult> deploying = CompletableFuture.supplyAsync(
                    () -> engine.deploy(request, cancellation));

            RecordedRequest lookup = mlflow.takeRequest(30, TimeUnit.SECONDS);
            assertThat(lookup).as("the version lookup sent to MLflow").isNotNull();
            assertThat(lookup.getUrl().encodedPath()).endsWith("/model-versions/get");
            cancellation.cancel("the build was aborted");

            // Far below the read timeout: the read must be cut off.
            Throwable ended = deploying.handle((result, failure) -> failure).get(10, TimeUnit.SECONDS);
            assertThat(ended).hasCauseInstanceOf(MlopsException.class);
            MlopsException aborted = (MlopsException) ended.getCause();
            assertThat(aborted.kind()).as(aborted.getMessage()).isEqualTo(ErrorKind.ABORTED);
            assertThat(aborted.getMessage()).isEqualTo("cancelled (the build was aborted)");
            assertThat(mlflow.getRequestCount()).as("requests sent: the lookup only").isEqualTo(1);
        }
    }
}
