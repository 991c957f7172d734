package io.mlopsbridge.library;

import static com.lesfurets.jenkins.unit.MethodSignature.method;

import com.lesfurets.jenkins.unit.BasePipelineTest;
import com.lesfurets.jenkins.unit.global.lib.LibraryConfiguration;
import com.lesfurets.jenkins.unit.global.lib.SourceRetriever;
import groovy.lang.Closure;
import org.codehaus.groovy.runtime.InvokerHelper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.rules.TemporaryFolder;
import org.junit.rules.TestName;

/**
 * Base of the pipeline tests: JenkinsPipelineUnit with the repository's {@code shared-library/} loaded as an
 * implicit library (as a controller's "Global Pipeline Libraries" entry with "Load implicitly" would), and the
 * steps the vars use bound to a real {@link Agent}: {@code sh} runs a real shell, {@code withCredentials} puts
 * the {@link JenkinsCredentials} into the commands' environment, {@code error} stops the build like Jenkins' does.
 */
public abstract class LibraryPipelineTest extends BasePipelineTest {
    /** The library's name in the tests, as a controller would configure it. */
    static final String LIBRARY = "mlops-bridge";

    @Rule
    public final TemporaryFolder folders = new TemporaryFolder();
    @Rule
    public final TestName testName = new TestName();

    protected Agent agent;
    protected final JenkinsCredentials credentials = new JenkinsCredentials();
    /** The downstream builds the pipeline started with {@code build job:}, in order. */
    protected final List<Map<?, ?>> triggeredBuilds = new ArrayList<>();

    private Path scripts;
    private final AtomicInteger scriptCount = new AtomicInteger();

    static Path repositoryRoot() {
        String root = System.getProperty("mlops.repo.root");
        Path start = root == null || root.isBlank() ? Paths.get("").toAbsolutePath() : Paths.get(root);
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("shared-library/vars"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no shared-library/vars above " + start);
    }

    @Before
    @Override
    public void setUp() throws Exception {
        Path workspace = folders.newFolder("workspace").toPath();
        scripts = folders.newFolder("pipelines").toPath();
        agent = new Agent(workspace);
        agent.env("MLOPS_CLI", repositoryRoot().resolve("bin/mlops").toString())
                .env("JOB_NAME", "fraud-detection/main")
                .env("BUILD_NUMBER", "42")
                .env("BUILD_URL", "https://ci.example.com/job/fraud-detection/job/main/42/")
                .env("GIT_COMMIT", "3f9c2ab7e1d04c55aa0e2f7a31f0c9d8b6e4a210");
        setScriptRoots(new String[] {scripts.toString(), repositoryRoot().toString()});
        setScriptExtension("");
        if (loadsLibrary()) {
            getHelper().registerSharedLibrary(LibraryConfiguration.library(LIBRARY)
                    .defaultVersion("main")
                    .allowOverride(true)
                    .implicit(true)
                    .targetPath("unused")
                    .retriever(new RepositoryFolder())
                    .build());
        }
        super.setUp();
        bindSteps();
        getBinding().setVariable("env", agent.buildEnvironment());
    }

    /** Keeps each test's build console in target/pipeline-consoles, to read when a test fails. */
    @After
    public void keepConsole() throws IOException {
        Path dir = Files.createDirectories(Paths.get("target", "pipeline-consoles"));
        Files.writeString(dir.resolve(getClass().getSimpleName() + "." + testName.getMethodName() + ".log"),
                agent.console());
    }

    /** False for a test that binds the four step names itself instead of loading the library. */
    protected boolean loadsLibrary() {
        return true;
    }

    private void bindSteps() {
        bind("sh", Map.class, args -> agent.sh((Map<?, ?>) args));
        bind("sh", String.class, script -> agent.sh(Map.of("script", script)));
        // String replaces the base class's echo(String) and error(String), which ignore what they are given.
        for (Class<?> text : List.of(String.class, Object.class)) {
            bind("echo", text, line -> {
                agent.log(String.valueOf(line));
                return null;
            });
            bind("error", text, message -> {
                updateBuildStatus("FAILURE");
                agent.log("ERROR: " + message);
                throw new PipelineFailure(String.valueOf(message));
            });
            bind("unstable", text, message -> {
                if ("SUCCESS".equals(buildResult())) {
                    updateBuildStatus("UNSTABLE");
                }
                agent.log("WARNING: " + message);
                return null;
            });
        }
        bind("pwd", Map.class, args -> Boolean.TRUE.equals(((Map<?, ?>) args).get("tmp"))
                ? agent.tmp().toString() : agent.workspace().toString());
        bind("writeFile", Map.class, args -> {
            Map<?, ?> step = (Map<?, ?>) args;
            agent.writeFile(String.valueOf(step.get("file")), String.valueOf(step.get("text")));
            return null;
        });
        bind("readFile", Map.class, args -> agent.readFile(String.valueOf(((Map<?, ?>) args).get("file"))));
        bind("readFile", String.class, file -> agent.readFile(String.valueOf(file)));
        bind("fileExists", String.class, file -> Files.exists(agent.resolve(String.valueOf(file))));
        // JenkinsPipelineUnit 1.1's own libraryResource calls Charset.forName, which Groovy 2.4 on Java 17 sends
        // to Class.forName; this one reads the library's resources/ folder as Jenkins does.
        bind("libraryResource", String.class, path -> {
            try {
                return Files.readString(repositoryRoot().resolve("shared-library/resources").resolve(String.valueOf(path)));
            } catch (IOException e) {
                throw new PipelineFailure("No such library resource " + path + " could be found.");
            }
        });
        bind("string", Map.class, args -> credentialBinding("string", args));
        bind("usernamePassword", Map.class, args -> credentialBinding("usernamePassword", args));
        bind("file", Map.class, args -> credentialBinding("file", args));
        bindWithBody("withCredentials", List.class, (list, body) -> agent.with(bindCredentials((List<?>) list), body));
        bindWithBody("withEnv", List.class, (list, body) -> agent.with(environment((List<?>) list), body));
        bind("build", Map.class, args -> {
            triggeredBuilds.add((Map<?, ?>) args);
            return null;
        });
    }

    private void bind(String name, Class<?> argument, Function<Object, Object> step) {
        getHelper().registerAllowedMethod(method(name, argument), step);
    }

    private interface StepWithBody {
        Object run(Object argument, Closure<?> body);
    }

    private void bindWithBody(String name, Class<?> argument, StepWithBody step) {
        getHelper().registerAllowedMethod(method(name, argument, Closure.class),
                (Function<Object, Object>) args -> {
                    Object[] both = (Object[]) args;
                    return step.run(both[0], (Closure<?>) both[1]);
                });
    }

    private static Map<String, Object> credentialBinding(String kind, Object args) {
        Map<String, Object> binding = new LinkedHashMap<>();
        binding.put("$class", kind);
        ((Map<?, ?>) args).forEach((k, v) -> binding.put(String.valueOf(k), v));
        return binding;
    }

    /** The variables {@code withCredentials} binds; a secret file is written to the build's tmp folder. */
    private Map<String, String> bindCredentials(List<?> bindings) {
        Map<String, String> variables = new LinkedHashMap<>();
        for (Object item : bindings) {
            Map<?, ?> b = (Map<?, ?>) item;
            String id = String.valueOf(b.get("credentialsId"));
            switch (String.valueOf(b.get("$class"))) {
                case "usernamePassword" -> {
                    var c = credentials.find(id, JenkinsCredentials.UsernamePassword.class, "Username with password");
                    variables.put(String.valueOf(b.get("usernameVariable")), c.username());
                    variables.put(String.valueOf(b.get("passwordVariable")), c.password());
                }
                case "string" -> variables.put(String.valueOf(b.get("variable")),
                        credentials.find(id, JenkinsCredentials.SecretText.class, "Secret text").secret());
                case "file" -> {
                    var c = credentials.find(id, JenkinsCredentials.SecretFile.class, "Secret file");
                    variables.put(String.valueOf(b.get("variable")), secretFile(c).toString());
                }
                default -> throw new IllegalArgumentException("unknown credential binding " + b);
            }
        }
        return variables;
    }

    private Path secretFile(JenkinsCredentials.SecretFile credential) {
        try {
            Path dir = Files.createTempDirectory(Files.createDirectories(agent.tmp()), "secretFiles");
            return Files.writeString(dir.resolve(credential.fileName()), credential.content());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, String> environment(List<?> assignments) {
        Map<String, String> variables = new LinkedHashMap<>();
        for (Object assignment : assignments) {
            String text = String.valueOf(assignment);
            int eq = text.indexOf('=');
            variables.put(text.substring(0, eq), text.substring(eq + 1));
        }
        return variables;
    }

    /** Runs a pipeline script (Groovy, as in a Jenkinsfile) and returns its last expression's value. */
    protected Object runPipeline(String script) {
        String name = "pipeline-" + scriptCount.incrementAndGet() + ".groovy";
        try {
            Files.writeString(scripts.resolve(name), script);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return runScript(name);
    }

    /** Makes {@code value} readable as {@code name} in the pipeline scripts. */
    protected void variable(String name, Object value) {
        getBinding().setVariable(name, value);
    }

    protected String buildResult() {
        return String.valueOf(InvokerHelper.getProperty(getBinding().getVariable("currentBuild"), "result"));
    }

    /** The library as Jenkins would check it out: the repository's shared-library folder, whatever the version. */
    private static final class RepositoryFolder implements SourceRetriever {
        @Override
        public List<URL> retrieve(String repository, String branch, String targetPath) {
            try {
                return List.of(repositoryRoot().resolve("shared-library").toUri().toURL());
            } catch (MalformedURLException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
