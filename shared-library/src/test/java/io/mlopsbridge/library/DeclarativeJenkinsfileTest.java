package io.mlopsbridge.library;

import static com.lesfurets.jenkins.unit.MethodSignature.method;
import static org.assertj.core.api.Assertions.assertThat;

import groovy.lang.Closure;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.Before;
import org.junit.Test;

/**
 * {@code examples/fraud-detection/Jenkinsfile} is declarative, and JenkinsPipelineUnit 1.1 has no declarative
 * runner, so this test walks its structure instead: the directives are bound to recorders that evaluate their
 * blocks, and every call of the four steps is recorded with its parameters (not run). It proves the stages, their
 * conditions and order, that the steps used exist in the library with exactly those parameter names, and that the
 * build's one release version reaches every step.
 */
public class DeclarativeJenkinsfileTest extends LibraryPipelineTest {
    private static final String JENKINSFILE = "examples/fraud-detection/Jenkinsfile";
    private static final List<String> STEPS = List.of("trainModel", "registerModel", "deployModel", "checkDrift");

    /** A step call as the Jenkinsfile wrote it: in which stage, which step, with which parameters. */
    private record StepCall(String stage, String step, Map<String, Object> parameters, boolean withBody) {
    }

    private final List<String> stages = new ArrayList<>();
    private final Map<String, List<String>> conditions = new LinkedHashMap<>();
    private final List<StepCall> calls = new ArrayList<>();
    private final List<String> shellScripts = new ArrayList<>();
    private String currentStage = "(none)";

    @Override
    protected boolean loadsLibrary() {
        return false;
    }

    @Before
    public void declarativeDirectives() {
        for (String block : List.of("pipeline", "parameters", "triggers", "stages", "steps", "script", "post",
                "always")) {
            bindBlock(block, Closure::call);
        }
        bindBlock("environment", this::intoEnvironment);
        bindBlock("when", body -> {
            conditions.put(currentStage, new ArrayList<>());
            return body.call();
        });
        bindBlock("not", body -> condition("not", body));
        bindBlock("allOf", body -> condition("allOf", body));
        bind("triggeredBy", String.class, cause -> conditions.get(currentStage).add("triggeredBy " + cause));
        bind("environment", Map.class, args -> conditions.get(currentStage).add("environment " + args));
        bind("agent", Object.class, agentKind -> null);
        bind("cron", String.class, spec -> spec);
        bind("archiveArtifacts", Map.class, args -> null);
        bind("junit", Map.class, args -> null);
        bind("sh", String.class, script -> shellScripts.add(String.valueOf(script)));
        variable("any", "any");
        variable("params", Map.of("N_ESTIMATORS", "50", "MAX_DEPTH", "8"));
        getHelper().registerAllowedMethod(method("stage", String.class, Closure.class),
                (Function<Object, Object>) args -> {
                    Object[] both = (Object[]) args;
                    currentStage = String.valueOf(both[0]);
                    stages.add(currentStage);
                    return ((Closure<?>) both[1]).call();
                });
        Map<String, Map<String, Object>> results = Map.of(
                "trainModel", Map.of("mlflow_run_id", "9f4c1d2e"),
                "registerModel", Map.of("passed", true, "version", "7"),
                "deployModel", Map.of(),
                "checkDrift", Map.of("driftShare", 0.1, "retrain", Map.of("retrain", true)));
        for (String step : STEPS) {
            bind(step, Map.class, args -> record(step, args, false, results));
            getHelper().registerAllowedMethod(method(step, Map.class, Closure.class),
                    (Function<Object, Object>) args -> {
                        Object[] both = (Object[]) args;
                        Object result = record(step, both[0], true, results);
                        ((Closure<?>) both[1]).call();
                        return result;
                    });
        }
    }

    private interface Block {
        Object run(Closure<?> body);
    }

    private void bindBlock(String name, Block block) {
        getHelper().registerAllowedMethod(method(name, Closure.class),
                (Function<Object, Object>) body -> block.run((Closure<?>) body));
    }

    private void bind(String name, Class<?> argument, Function<Object, Object> step) {
        getHelper().registerAllowedMethod(method(name, argument), step);
    }

    private Object condition(String name, Closure<?> body) {
        conditions.get(currentStage).add(name);
        return body.call();
    }

    /** {@code environment { NAME = value }}: what the block assigns becomes the build's environment. */
    @SuppressWarnings("unchecked")
    private Object intoEnvironment(Closure<?> body) {
        Set<String> before = new HashSet<>(getBinding().getVariables().keySet());
        body.call();
        Map<String, String> env = (Map<String, String>) getBinding().getVariable("env");
        for (Object name : getBinding().getVariables().keySet()) {
            if (!before.contains(name)) {
                env.put(String.valueOf(name), String.valueOf(getBinding().getVariable(String.valueOf(name))));
            }
        }
        return null;
    }

    @SuppressWarnings("unchecked")
    private Object record(String step, Object args, boolean withBody, Map<String, Map<String, Object>> results) {
        calls.add(new StepCall(currentStage, step, new LinkedHashMap<>((Map<String, Object>) args), withBody));
        return new LinkedHashMap<>(results.get(step));
    }

    @Test
    public void theStagesRunInLifecycleOrderAndTheNightlyTriggerSelectsThem() {
        runScript(JENKINSFILE);

        assertThat(stages).containsExactly("Train", "Register", "Deploy", "Drift");
        assertThat(conditions.get("Train")).containsExactly("not", "triggeredBy TimerTrigger");
        assertThat(conditions.get("Register")).containsExactly("not", "triggeredBy TimerTrigger");
        assertThat(conditions.get("Deploy")).containsExactly("allOf", "not", "triggeredBy TimerTrigger",
                "environment {name=GATE_PASSED, value=true}");
        assertThat(conditions.get("Drift")).containsExactly("triggeredBy TimerTrigger");
    }

    @Test
    public void eachStageCallsItsStepTheTrainingBlockRunsTheScriptAndDriftStartsTheRetrainJob() {
        runScript(JENKINSFILE);

        assertThat(calls).extracting(c -> c.stage() + ": " + c.step()).containsExactly(
                "Train: trainModel", "Register: registerModel", "Deploy: deployModel", "Drift: checkDrift");
        assertThat(calls.get(0).withBody()).isTrue();
        assertThat(shellScripts).containsExactly(
                "python examples/fraud-detection/train.py --n-estimators 50 --max-depth 8");
        // String.valueOf: the Jenkinsfile passes environment values, which Jenkins turns into strings.
        assertThat(String.valueOf(calls.get(1).parameters().get("runId"))).isEqualTo("9f4c1d2e");
        assertThat(String.valueOf(calls.get(2).parameters().get("version"))).isEqualTo("7");
        assertThat(triggeredBuilds).singleElement()
                .satisfies(b -> assertThat(b.get("job")).isEqualTo("fraud-detection-retrain"));
    }

    @Test
    public void everyStepParameterIsOneTheLibraryVarAccepts() throws IOException {
        runScript(JENKINSFILE);

        for (StepCall call : calls) {
            assertThat(call.parameters().keySet()).as(call.step() + " in stage " + call.stage())
                    .isSubsetOf(acceptedParameters(call.step()));
        }
    }

    @Test
    public void oneReleaseVersionReachesTraining_registrationAndDeployment() {
        runScript(JENKINSFILE);

        assertThat(calls.subList(0, 3)).extracting(c -> String.valueOf(c.parameters().get("releaseVersion")))
                .containsOnly("42-3f9c2ab");
    }

    /** The names a var declares in its {@code acceptOnly(args, [...])} lists, plus the connection parameters. */
    private static Set<String> acceptedParameters(String step) throws IOException {
        String var = Files.readString(repositoryRoot().resolve("shared-library/vars/" + step + ".groovy"));
        String cli = Files.readString(repositoryRoot().resolve(
                "shared-library/src/io/mlopsbridge/library/MlopsCli.groovy"));
        Set<String> names = new LinkedHashSet<>();
        Matcher lists = Pattern.compile("acceptOnly\\(args, \\[([^\\]]*)\\]").matcher(var);
        while (lists.find()) {
            names.addAll(quoted(lists.group(1)));
        }
        Matcher connection = Pattern.compile("CONNECTION_PARAMETERS = \\[([^\\]]*)\\]").matcher(cli);
        assertThat(connection.find()).isTrue();
        names.addAll(quoted(connection.group(1)));
        assertThat(names).as("parameters of " + step).isNotEmpty();
        return names;
    }

    private static List<String> quoted(String list) {
        List<String> names = new ArrayList<>();
        Matcher word = Pattern.compile("'([A-Za-z]+)'").matcher(list);
        while (word.find()) {
            names.add(word.group(1));
        }
        return names;
    }
}
