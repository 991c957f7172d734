package io.mlopsbridge.kfp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.mlopsbridge.core.ErrorKind;
import io.mlopsbridge.core.MlopsException;
import io.mlopsbridge.http.HttpSettings;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.Test;

/**
 * Answers the swagger-checked fake KFP server cannot give, because KFP never gives them: what sits in front of it
 * (Kubeflow's dex / oauth2-proxy login page) answering in its place; and requests to a KFP behind a path prefix,
 * which the fake, serving at its root, cannot check.
 */
class KfpResponseHandlingTest {
    @Test
    void aLoginPageAnsweredWith200IsReportedAsNotFromTheKfpApiSayingWhatToPointAt() throws IOException {
        try (MockWebServer server = new MockWebServer()) {
            server.start();
            server.enqueue(new MockResponse.Builder().code(200).setHeader("Content-Type", "text/html; charset=utf-8")
                    .body("<!DOCTYPE html>\n<html><head><title>Log in to Kubeflow</title></head><body>"
                            + "<form action=\"/dex/auth/local/login\"></form></body></html>").build());
            KfpClient client = new KfpClient(KfpConfig.of(server.url("/pipeline").toString())
                    .withHttp(HttpSettings.defaults().withMaxAttempts(1)));

            MlopsException e = catchThrowableOfType(MlopsException.class, () -> client.findPipeline("fraud-detection"));

            assertThat(e.kind()).isEqualTo(ErrorKind.REMOTE);
            assertThat(e.getMessage()).isEqualTo("KFP find pipeline 'fraud-detection': " + server.url("/pipeline")
                    + " answered with an HTML page (text/html; charset=utf-8), not the KFP API's JSON");
            assertThat(e.hint()).hasValueSatisfying(hint -> assertThat(hint).contains("login page")
                    .contains("point --kfp-url at the KFP API").contains("--kfp-token-file or $KFP_TOKEN"));
        }
    }

    @Test
    void anyNumberOfTrailingSlashesOnTheKfpUrlGivesTheSameRequestPaths() throws Exception {
        // "http://host/pipeline//" is what a pasted URL plus a joined "/" easily becomes; KFP behind a proxy that
        // does not merge slashes answers "//apis" with its UI page or a 404.
        List<String> paths = new ArrayList<>();
        try (MockWebServer server = new MockWebServer()) {
            server.start();
            for (String slashes : List.of("", "/", "//", "///")) {
                server.enqueue(new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json")
                        .body("{\"multi_user\": false, \"pipeline_store\": \"database\"}").build());
                KfpClient client = new KfpClient(KfpConfig.of(server.url("/pipeline").toString() + slashes)
                        .withHttp(HttpSettings.defaults().withMaxAttempts(1)));
                client.healthz();
                paths.add(server.takeRequest().getUrl().encodedPath());
            }
        }

        assertThat(paths).containsOnly("/pipeline/apis/v2beta1/healthz");
    }
}
