package io.mlopsbridge.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.mlopsbridge.core.Cancellation;
import io.mlopsbridge.core.MlopsException;
import io.mlopsbridge.http.Credentials;
import io.mlopsbridge.log.UrlSanitizer;
import io.mlopsbridge.log.BuildLog;
import io.mlopsbridge.log.MaskingBuildLog;
import io.mlopsbridge.log.SecretMasker;
import io.mlopsbridge.mlflow.MlflowClient;
import io.mlopsbridge.mlflow.MlflowConfig;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a command runs with: the environment, stdout for results, and a masked log on stderr. Every secret the
 * environment carries (MLflow token or password, Kubernetes or KFP token) is registered with the masker before anything is printed, and
 * results and errors are masked too.
 */
final class CliContext {
    private static final ObjectMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private final Map<String, String> env;
    private final PrintStream out;
    private final PrintStream err;
    private final Cancellation cancellation = Cancellation.create();
    private final SecretMasker masker;
    private final BuildLog log;
    private JsonNode keptResult;

    CliContext(Map<String, String> env, PrintStream out, PrintStream err) {
        this.env = Map.copyOf(env);
        this.out = Objects.requireNonNull(out, "out");
        this.err = Objects.requireNonNull(err, "err");
        this.masker = SecretMasker.of(environmentSecrets(this.env));
        this.log = new MaskingBuildLog(new TerminalLog(err), masker);
    }

    /**
     * Adds a secret learnt after start-up (a token read from a file, re-read after rotation, or from a kubeconfig)
     * to what the log, the result and the error lines mask, from this moment on.
     */
    void maskAlso(String secret) {
        masker.register(secret);
    }

    static CliContext system() {
        return new CliContext(System.getenv(), System.out, System.err);
    }

    private static List<String> environmentSecrets(Map<String, String> env) {
        List<String> secrets = new ArrayList<>();
        String uri = env.get(MlflowConfig.TRACKING_URI);
        if (uri != null) {
            secrets.addAll(UrlSanitizer.secretsIn(uri));
        }
        try {
            secrets.addAll(MlflowConfig.credentialsFrom(env).secrets());
        } catch (MlopsException e) {
            // half-configured basic auth: still mask whichever half is there
        }
        String password = env.get(MlflowConfig.TRACKING_PASSWORD);
        if (password != null) {
            secrets.add(password);
        }
        for (String tokenVariable : List.of(DeployCommand.TOKEN_ENV, TrainCommand.KFP_TOKEN)) {
            String token = env.get(tokenVariable);
            if (token != null) {
                secrets.add(token.strip());
            }
        }
        return secrets;
    }

    /** Cancelled by SIGINT/SIGTERM (see {@link SignalCancellation}); every long operation honours it. */
    Cancellation cancellation() {
        return cancellation;
    }

    Map<String, String> env() {
        return env;
    }

    BuildLog log() {
        return log;
    }

    SecretMasker masker() {
        return masker;
    }

    PrintStream out() {
        return out;
    }

    PrintStream err() {
        return err;
    }

    /** Progress of long reads on stderr: redrawn in place on a terminal, a plain line every few seconds otherwise. */
    io.mlopsbridge.drift.ReadProgress progress() {
        return new ProgressLine(err, err == System.err && System.console() != null, System::nanoTime, masker::mask);
    }

    /** A client for the server named by {@code --tracking-uri} or MLFLOW_TRACKING_URI, authenticated from env. */
    MlflowClient mlflow(String trackingUriFlag) {
        // Given empty, it would otherwise read as left out: "no URI given", although one was, and $MLFLOW_TRACKING_URI
        // set beside it would be ignored without a word.
        EmptyOption.refuse(trackingUriFlag, "--tracking-uri", "give the MLflow server's address, e.g. --tracking-uri"
                + " http://127.0.0.1:5000, or leave --tracking-uri out to use $" + MlflowConfig.TRACKING_URI);
        if (trackingUriFlag != null) {
            UrlSanitizer.secretsIn(trackingUriFlag).forEach(masker::register);
        }
        MlflowConfig config = MlflowConfig.fromEnvironment(env, trackingUriFlag);
        Credentials credentials = config.credentials();
        log.info("MLflow: " + config.displayUri() + " (" + credentials + ")");
        return new MlflowClient(config);
    }

    /**
     * A command's result: {@code plain} is printed on stdout now; with {@code --json}, {@code json} is kept and
     * printed when the command ends ({@link #printKeptResult}), or, if the command fails after all (a training that
     * ran and failed), inside the error result, so that stdout always carries exactly one JSON object.
     */
    void printResult(boolean asJson, Object json, String plain) {
        if (asJson) {
            keptResult = JSON.valueToTree(json);
        } else {
            out.println(masker.mask(plain));
            out.flush();
        }
    }

    /** Prints the JSON result kept by {@link #printResult}, if any, on {@code stdout}; once the command returned. */
    void printKeptResult(PrintWriter stdout) {
        takeResult().ifPresent(json -> printJson(stdout, json));
    }

    /** Hands over the JSON result kept by {@link #printResult} (to embed it in an error result) and forgets it. */
    Optional<JsonNode> takeResult() {
        Optional<JsonNode> kept = Optional.ofNullable(keptResult);
        keptResult = null;
        return kept;
    }

    /** Prints {@code json} as one masked JSON object on {@code stdout}. */
    void printJson(PrintWriter stdout, Object json) {
        try {
            // Values are masked before serialising, where a secret still has its own spelling; the text is
            // masked again for field names and anything the masker knows only in an encoded form.
            stdout.println(masker.mask(JSON.writeValueAsString(maskedTree(JSON.valueToTree(json)))));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot print result as JSON", e);
        }
        stdout.flush();
    }

    private JsonNode maskedTree(JsonNode node) {
        if (node instanceof ObjectNode object) {
            object.properties().forEach(field -> field.setValue(maskedTree(field.getValue())));
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                array.set(i, maskedTree(array.get(i)));
            }
        } else if (node != null && node.isTextual()) {
            return TextNode.valueOf(masker.mask(node.textValue()));
        }
        return node;
    }

    static ObjectMapper json() {
        return JSON;
    }

    /** JSON text the engine rendered (a gate verdict, a drift result) as a tree, to print or embed it. */
    static JsonNode jsonTree(String text) {
        try {
            return JSON.readTree(text);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("the engine rendered JSON that does not parse", e);
        }
    }
}
