package io.mlopsbridge.library;

import static com.lesfurets.jenkins.unit.MethodSignature.method;
import static org.assertj.core.api.Assertions.assertThat;

import com.lesfurets.jenkins.unit.MethodCall;
import groovy.lang.Closure;
import groovy.util.Expando;
import io.mlopsbridge.mlflow.MlflowClient;
import io.mlopsbridge.mlflow.MlflowServer;
import io.mlopsbridge.mlflow.MlflowServerExtension;
import io.mlopsbridge.mlflow.ModelVersion;
import io.mlopsbridge.mlflow.TrainingRuns;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;

/**
 * {@code examples/fraud-detection/Jenkinsfile.scripted}, run for real: its four step names bound to the library's
 * vars, which run the real command line against the real MLflow server, the real training script in the project's
 * Python, and the validating KServe mock cluster. Each test plays one or two builds of the job.
 */
public class ScriptedJenkinsfileTest extends LibraryPipelineTest {
    private static final String JENKINSFILE = "examples/fraud-detection/Jenkinsfile.scripted";
    private static final List<String> STEPS = List.of("trainModel", "registerModel", "deployModel", "checkDrift");

    private final MlflowServer server = MlflowServerExtension.server();
    private final MlflowClient mlflow = server.client();
    private final String model = TrainingRuns.modelName("fraud-detector");
    @Rule
    public final ServingCluster serving = new ServingCluster(model);
    private boolean timerTriggered;

    @Before
    public void job() throws Exception {
        Path python = MlflowServerExtension.pythonExecutable();
        agent.env("MLFLOW_TRACKING_URI", server.trackingUri())
                .env("MODEL_NAME", model)
                .env("PATH", python.getParent() + ":" + System.getenv("PATH"));
        credentials.add("mlflow-ci", new JenkinsCredentials.SecretText("mlflow-ci-token-2b7e"));
        credentials.add("models-cluster", serving.kubeconfigCredential(folders.newFolder("kube").toPath()));
        bindJobSteps();
    }

    /** The Jenkins built-ins the Jenkinsfile uses besides the four steps: job properties, checkout, build causes. */
    private void bindJobSteps() {
        getHelper().registerAllowedMethod(method("parameters", List.class), (Function<Object, Object>) a -> a);
        getHelper().registerAllowedMethod(method("cron", String.class), (Function<Object, Object>) a -> a);
        getHelper().registerAllowedMethod(method("checkout", Map.class), (Function<Object, Object>) scm -> {
            checkOutExamples();
            return null;
        });
        variable("scm", Map.of("url", "https://git.example.com/fraud-detection.git"));
        Expando currentBuild = new Expando();
        currentBuild.setProperty("result", "SUCCESS");
        currentBuild.setProperty("getBuildCauses", new Closure<List<?>>(this) {
            @Override
            public List<?> call(Object... args) {
                return timerTriggered ? List.of(Map.of("_class", "hudson.triggers.TimerTrigger$TimerTriggerCause"))
                        : List.of();
            }
        });
        variable("currentBuild", currentBuild);
    }

    /** What {@code checkout scm} leaves in the workspace: the repository's training script and the team's files. */
    private void checkOutExamples() {
        try {
            Path target = agent.resolve("examples/fraud-detection");
            Files.createDirectories(target);
            Files.copy(repositoryRoot().resolve("examples/fraud-detection/train.py"), target.resolve("train.py"),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        agent.writeFile("ci/smoke.json", "{\"inputs\": [{\"name\": \"input-0\", \"shape\": [1, 2], "
                + "\"datatype\": \"FP64\", \"data\": [[0.1, 1.0]]}]}");
    }

    /** Plays one build: its number and parameters, a clean call stack, the build result reset. */
    private Object build(int number, String nEstimators, String maxDepth) {
        agent.env("BUILD_NUMBER", Integer.toString(number));
        variable("params", Map.of("N_ESTIMATORS", nEstimators, "MAX_DEPTH", maxDepth));
        InvokerHelperAccess.setResult(getBinding().getVariable("currentBuild"), "SUCCESS");
        getHelper().clearCallStack();
        return runScript(JENKINSFILE);
    }

    private List<String> stepsCalled() {
        List<String> called = new ArrayList<>();
        for (MethodCall call : getHelper().getCallStack()) {
            if (STEPS.contains(call.getMethodName()) && call.getArgs().length > 0
                    && call.getArgs()[0] instanceof Map) {
                called.add(call.getMethodName());
            }
        }
        return called;
    }

    @Test
    public void aPushTrainsRegistersAndDeploysThenAWeakerChallengerFailsTheGateAndIsNotDeployed() {
        serving.servesWhenDeployed();

        build(42, "50", "8");

        assertThat(stepsCalled()).containsExactly("trainModel", "registerModel", "deployModel");
        assertThat(buildResult()).isEqualTo("SUCCESS");
        ModelVersion champion = mlflow.findAlias(model, "champion").orElseThrow();
        assertThat(champion.version()).isEqualTo("1");
        assertThat(champion.tagValues()).containsEntry("mlops.release", "42-3f9c2ab");
        assertThat(mlflow.getRun(champion.runId()).info().status()).hasToString("FINISHED");

        build(43, "1", "1");

        assertThat(stepsCalled()).containsExactly("trainModel", "registerModel");
        assertThat(buildResult()).isEqualTo("UNSTABLE");
        assertThat(mlflow.findAlias(model, "champion").map(ModelVersion::version)).contains("1");
        assertThat(mlflow.getModelVersion(model, "2").tagValues()).containsEntry("mlops.gate.verdict", "rejected")
                .containsEntry("mlops.release", "43-3f9c2ab");
        assertThat(agent.console()).contains("The challenger lost to the champion: " + model + " version 2");
    }

    @Test
    public void theNightlyBuildFindsDriftAndStartsTheRetrainingJobOncePerCooldown() throws Exception {
        mlflow.createRegisteredModel(model, null, List.of());
        writeInputsWithTheExampleScript();
        timerTriggered = true;

        build(44, "50", "8");
        build(45, "50", "8");

        assertThat(stepsCalled()).containsExactly("checkDrift");
        assertThat(buildResult()).isEqualTo("UNSTABLE");
        assertThat(triggeredBuilds).hasSize(1);
        assertThat(triggeredBuilds.get(0).get("job")).isEqualTo("fraud-detection-retrain");
        assertThat(triggeredBuilds.get(0).get("wait")).isEqualTo(false);
        assertThat(mlflow.getRegisteredModel(model).tags())
                .anyMatch(t -> t.key().equals("mlops.drift.last_retrain_trigger"));
        assertThat(agent.resolve("reports/drift.html")).exists();
        assertThat(agent.resolve("reports/drift.xml")).exists();
    }

    /** The example's transactions.py: month 1 as the reference, month 2 (prices, travel and bots moved) as the day. */
    private void writeInputsWithTheExampleScript() throws IOException, InterruptedException {
        Files.createDirectories(agent.resolve("data"));
        writeMonth(1, agent.resolve("data/reference.csv"));
        writeMonth(2, agent.resolve("data/last-24h.csv"));
    }

    private void writeMonth(int month, Path csv) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(MlflowServerExtension.pythonExecutable().toString(),
                repositoryRoot().resolve("examples/fraud-detection/transactions.py").toString(),
                "--month", Integer.toString(month), "--rows", "3000", csv.toString()).inheritIO().start();
        assertThat(process.waitFor(5, TimeUnit.MINUTES)).isTrue();
        assertThat(process.exitValue()).isZero();
    }

    /** Sets the build result on the Expando the Jenkinsfile sees as currentBuild. */
    private static final class InvokerHelperAccess {
        static void setResult(Object currentBuild, String result) {
            org.codehaus.groovy.runtime.InvokerHelper.setProperty(currentBuild, "result", result);
        }
    }
}
