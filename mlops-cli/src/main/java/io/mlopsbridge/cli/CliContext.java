package io.mlopsbridge.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.mlopsbridge.core.MlopsException;
import io.mlopsbridge.http.Credentials;
import io.mlopsbridge.log.BuildLog;
import io.mlopsbridge.log.MaskingBuildLog;
import io.mlopsbridge.log.SecretMasker;
import io.mlopsbridge.mlflow.MlflowClient;
import io.mlopsbridge.mlflow.MlflowConfig;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

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
    private final List<String> secrets;
    private final TerminalLog terminal;
    private SecretMasker masker;
    private BuildLog log;

    CliContext(Map<String, String> env, PrintStream out, PrintStream err) {
        this.env = Map.copyOf(env);
        this.out = Objects.requireNonNull(out, "out");
        this.err = Objects.requireNonNull(err, "err");
        this.secrets = new ArrayList<>(environmentSecrets(this.env));
        this.terminal = new TerminalLog(err);
        this.masker = SecretMasker.of(secrets);
        this.log = new MaskingBuildLog(terminal, masker);
    }

    /**
     * Adds secrets learnt after start-up (e.g. a token read from a file) to what the log, the result and error
     * lines mask. Call it before anything that could print them, and take {@link #log()} afterwards.
     */
    void maskAlso(List<String> more) {
        secrets.addAll(more);
        masker = SecretMasker.of(secrets);
        log = new MaskingBuildLog(terminal, masker);
    }

    static CliContext system() {
        return new CliContext(System.getenv(), System.out, System.err);
    }

    private static List<String> environmentSecrets(Map<String, String> env) {
        List<String> secrets = new ArrayList<>();
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
        MlflowConfig config = MlflowConfig.fromEnvironment(env, trackingUriFlag);
        Credentials credentials = config.credentials();
        log.info("MLflow: " + config.displayUri() + " (" + credentials + ")");
        return new MlflowClient(config);
    }

    /** Prints a command's result on stdout: {@code json} as JSON with {@code --json}, else {@code plain}. */
    void printResult(boolean asJson, Object json, String plain) {
        if (asJson) {
            try {
                out.println(masker.mask(JSON.writeValueAsString(json)));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException("cannot print result as JSON", e);
            }
        } else {
            out.println(masker.mask(plain));
        }
        out.flush();
    }

    static ObjectMapper json() {
        return JSON;
    }
}
