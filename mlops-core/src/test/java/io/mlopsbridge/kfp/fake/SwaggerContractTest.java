package io.mlopsbridge.kfp.fake;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The validator behind the fake KFP server must be able to fail: each test feeds it something the spec forbids. */
class SwaggerContractTest {
    private static final SwaggerContract CONTRACT = SwaggerContract.load();

    private static SwaggerContract.Request request(String method, String path, String query, String contentType,
                                                   String body) {
        Map<String, String> headers = contentType == null ? Map.of() : Map.of("content-type", contentType);
        return new SwaggerContract.Request(method, path, query, headers, body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void theSpecIsTheUnchangedUpstreamFile() throws Exception {
        try (InputStream in = SwaggerContract.class.getResourceAsStream(SwaggerContract.RESOURCE)) {
            byte[] sha = MessageDigest.getInstance("SHA-256").digest(in.readAllBytes());
            assertThat(HexFormat.of().formatHex(sha))
                    .isEqualTo("d55c89fad20f46d8b9228f3cf968d9d4edce421f1e3f74b73df435362b1554c5");
        }
        assertThat(CONTRACT.operations().size()).isEqualTo(40);
    }

    @Test
    void customVerbPathsMatchTheirOwnOperation() {
        assertThat(CONTRACT.match("POST", "/apis/v2beta1/runs/3f2a:terminate")).hasValueSatisfying(m -> {
            assertThat(m.operation().id()).isEqualTo("RunService_TerminateRun");
            assertThat(m.pathParams()).containsEntry("run_id", "3f2a");
        });
        assertThat(CONTRACT.match("POST", "/apis/v2beta1/runs/3f2a:retry")).hasValueSatisfying(m ->
                assertThat(m.operation().id()).isEqualTo("RunService_RetryRun"));
        assertThat(CONTRACT.match("GET", "/apis/v2beta1/runs/3f2a")).hasValueSatisfying(m ->
                assertThat(m.operation().id()).isEqualTo("RunService_GetRun"));
    }

    @Test
    void aValidCreateRunPasses() {
        String body = """
                {"display_name": "train-1.4.0", "experiment_id": "e1",
                 "pipeline_version_reference": {"pipeline_id": "p1", "pipeline_version_id": "v1"},
                 "runtime_config": {"parameters": {"epochs": 5, "lr": 0.01, "tags": ["a"], "cfg": {"k": 1}}},
                 "plugins_input": {"mlflow": {"experiment_name": "fraud"}}}""";
        assertThat(CONTRACT.checkRequest(request("POST", "/apis/v2beta1/runs", null, "application/json", body)))
                .isEmpty();
    }

    @Test
    void anUnknownBodyFieldIsRejectedLikeProtojsonDoes() {
        String body = "{\"display_name\": \"x\", \"pipeline_version_reference\": {\"pipeline_id\": \"p\"}, \"labels\": {}}";
        assertThat(CONTRACT.checkRequest(request("POST", "/apis/v2beta1/runs", null, "application/json", body)))
                .containsExactly("POST /apis/v2beta1/runs: body.labels: unknown field (the KFP server rejects unknown fields)");
    }

    @Test
    void camelCaseFieldNamesAreNotTheSpecsNames() {
        String body = "{\"displayName\": \"x\"}";
        assertThat(CONTRACT.checkRequest(request("POST", "/apis/v2beta1/experiments", null, "application/json", body)))
                .singleElement().asString().contains("body.displayName: unknown field");
    }

    @Test
    void wrongTypesAndEnumValuesInTheBodyAreRejected() {
        String body = "{\"display_name\": 7, \"pipeline_version_reference\": {\"pipeline_id\": [\"p\"]},"
                + " \"state\": \"DONE\"}";
        assertThat(CONTRACT.checkRequest(request("POST", "/apis/v2beta1/runs", null, "application/json", body)))
                .hasSize(3)
                .anySatisfy(e -> assertThat(e).contains("body.display_name: expected a string"))
                .anySatisfy(e -> assertThat(e).contains("body.pipeline_version_reference.pipeline_id: expected a string"))
                .anySatisfy(e -> assertThat(e).contains("body.state: 'DONE' is not one of"));
    }

    @Test
    void unknownPathsMethodsAndQueryParametersAreRejected() {
        assertThat(CONTRACT.checkRequest(request("GET", "/apis/v2beta1/runs/r1/metrics", null, null, "")))
                .containsExactly("GET /apis/v2beta1/runs/r1/metrics: no such path in the spec");
        assertThat(CONTRACT.checkRequest(request("PUT", "/apis/v2beta1/runs/r1", null, null, "")))
                .containsExactly("PUT /apis/v2beta1/runs/r1: method not allowed in the spec");
        assertThat(CONTRACT.checkRequest(request("GET", "/apis/v2beta1/runs", "page_size=ten&user=me", null, "")))
                .containsExactlyInAnyOrder(
                        "GET /apis/v2beta1/runs query page_size: 'ten' is not an integer",
                        "GET /apis/v2beta1/runs: query parameter user is not in the spec");
    }

    @Test
    void aBodyOnAnOperationWithoutOneIsRejected() {
        assertThat(CONTRACT.checkRequest(request("POST", "/apis/v2beta1/runs/r1:terminate", null,
                "application/json", "{\"reason\": \"x\"}")))
                .containsExactly("POST /apis/v2beta1/runs/r1:terminate: the spec defines no request body, but 15 bytes were sent");
    }

    @Test
    void anUploadWithoutTheUploadfileFieldIsRejected() {
        String body = "--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"p.yaml\"\r\n\r\nx\r\n--b--\r\n";
        assertThat(CONTRACT.checkRequest(request("POST", "/apis/v2beta1/pipelines/upload", "name=p",
                "multipart/form-data; boundary=b", body)))
                .containsExactlyInAnyOrder(
                        "POST /apis/v2beta1/pipelines/upload: form field uploadfile is required",
                        "POST /apis/v2beta1/pipelines/upload: form field file is not in the spec");
    }

    @Test
    void responsesMustLookLikeTheServersProtojsonOutput() {
        SwaggerContract.Operation getRun = CONTRACT.match("GET", "/apis/v2beta1/runs/r1").orElseThrow().operation();
        String good = "{\"run_id\": \"r1\", \"state\": \"RUNNING\", \"run_details\": {\"pipeline_context_id\": \"12\"}}";
        assertThat(CONTRACT.checkResponse(getRun, 200, good.getBytes(StandardCharsets.UTF_8))).isEmpty();
        String bad = "{\"run_id\": null, \"state\": 2, \"run_details\": {\"pipeline_context_id\": 12}, \"extra\": 1}";
        assertThat(CONTRACT.checkResponse(getRun, 200, bad.getBytes(StandardCharsets.UTF_8))).hasSize(4);
    }
}
