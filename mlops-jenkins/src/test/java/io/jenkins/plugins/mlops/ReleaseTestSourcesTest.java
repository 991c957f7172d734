package io.jenkins.plugins.mlops;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.mlops.config.MlopsConfiguration;
import io.jenkins.plugins.mlops.deploy.DeployModelStep;
import io.jenkins.plugins.mlops.drift.CheckDriftStep;
import io.jenkins.plugins.mlops.register.RegisterModelStep;
import io.jenkins.plugins.mlops.train.TrainModelStep;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The release tests ({@code mlops-jenkins/release/src/test/java}) run only where repo.jenkins-ci.org is reachable, so
 * nothing here would notice them drift away from the plugin. This compiles them with javac against the plugin, the
 * engine and the subset: errors about the Jenkins test harness, HtmlUnit, JCasC and Pipeline, whose jars are not
 * here, are expected (each such import is listed below with its artifact); any error about a name of the plugin or
 * the engine (a class, constructor, method or field that does not exist or does not take those arguments) fails.
 * It also checks the named arguments of the Pipeline scripts in those tests and the JCasC file they import, which
 * must be the snippet of docs/jenkins.md.
 */
class ReleaseTestSourcesTest {
    private static final Path REPO = Path.of(System.getProperty("mlops.repo.root", ".."));
    private static final Path RELEASE_TESTS = REPO.resolve("mlops-jenkins/release/src/test");
    private static final List<String> OUR_PACKAGES = List.of("io.jenkins.plugins.mlops", "io.mlopsbridge");

    /** Imports only the release build resolves, by the artifact that has them (release/pom.xml). */
    private static final Map<String, String> RELEASE_ONLY = releaseOnly();

    private static Map<String, String> releaseOnly() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("org.jvnet.hudson.test.", "jenkins-test-harness");
        m.put("org.htmlunit.", "htmlunit (through jenkins-test-harness)");
        m.put("io.jenkins.plugins.casc.", "configuration-as-code and its test-harness");
        m.put("org.jenkinsci.plugins.workflow.job.", "workflow-job");
        m.put("org.jenkinsci.plugins.workflow.cps.", "workflow-cps");
        m.put("org.jenkinsci.plugins.workflow.steps.StepConfigTester", "workflow-step-api tests jar");
        m.put("hudson.model.FreeStyleProject", "jenkins-core (not used by the plugin, so not in the subset)");
        m.put("hudson.model.FreeStyleBuild", "jenkins-core (not used by the plugin, so not in the subset)");
        m.put("hudson.model.BuildListener", "jenkins-core (not used by the plugin, so not in the subset)");
        return m;
    }

    /** javac's answer on the release tests, computed once: compiling them takes a while on a busy machine. */
    private static List<Diagnostic<? extends JavaFileObject>> releaseDiagnostics;

    @TempDir
    Path classes;

    private synchronized List<Diagnostic<? extends JavaFileObject>> releaseTestsCompiled() throws IOException {
        if (releaseDiagnostics == null) {
            releaseDiagnostics = compile(javaSources());
        }
        return releaseDiagnostics;
    }

    @Test
    void theReleaseTestsNameOnlyPluginAndEngineMembersThatExist() throws IOException {
        List<Path> sources = javaSources();
        assertThat(sources).as("release tests").hasSizeGreaterThanOrEqualTo(4);

        List<String> problems = ourNamesMissing(releaseTestsCompiled());

        assertThat(problems).as("errors about the plugin or the engine in the release tests").isEmpty();
    }

    @Test
    void everyImportTheDefaultBuildLacksIsFromAReleaseOnlyArtifact() throws IOException {
        List<String> unresolved = new ArrayList<>();
        for (Diagnostic<? extends JavaFileObject> d : releaseTestsCompiled()) {
            String line = sourceLine(d);
            if (d.getKind() == Diagnostic.Kind.ERROR && line.startsWith("import ")) {
                unresolved.add(line.substring("import ".length()).replaceFirst("^static ", "").replace(";", ""));
            }
        }

        assertThat(unresolved).isNotEmpty().allSatisfy(name -> assertThat(RELEASE_ONLY.keySet())
                .as("artifact of %s", name).anyMatch(name::startsWith));
    }

    @Test
    void theCheckReportsAMissingGetterAWrongConstructorAndAWrongArgumentType() throws IOException {
        String source = """
                import io.jenkins.plugins.mlops.config.MlopsConfiguration;
                import io.jenkins.plugins.mlops.deploy.DeployModelStep;
                import io.jenkins.plugins.mlops.drift.CheckDriftBuilder;
                import org.jvnet.hudson.test.JenkinsRule;
                class Broken {
                    void test(JenkinsRule r) {
                        r.configRoundtrip();
                        MlopsConfiguration.get().getMlflowUri();
                        new CheckDriftBuilder("data/train.csv");
                        new DeployModelStep("fraud-detector").setReplicas("2");
                    }
                }
                """;

        List<String> problems = ourNamesMissing(compile(List.of(new Source("Broken", source))));

        assertThat(problems).hasSize(3);
        assertThat(String.join("\n", problems)).contains("getMlflowUri()", "constructor CheckDriftBuilder",
                "method setReplicas");
    }

    @Test
    void theCheckReportsACallThatNoneOfAnOverloadedConstructorsOrMethodsTakes() throws IOException {
        // RegisterModel has two constructors and StepArguments two checked methods, neither taking these arguments.
        String source = """
                import io.jenkins.plugins.mlops.StepArguments;
                import io.mlopsbridge.registry.RegisterModel;
                class Broken {
                    void test() {
                        new RegisterModel("https://mlflow.acme.internal");
                        StepArguments.checked(42);
                    }
                }
                """;

        List<String> problems = ourNamesMissing(compile(List.of(new Source("Broken", source))));

        assertThat(problems).hasSize(2);
        assertThat(String.join("\n", problems)).contains("constructor found for RegisterModel",
                "method found for checked(int)");
    }

    @Test
    void thePipelineScriptsInTheReleaseTestsUseOnlyArgumentsTheStepsHave() throws IOException {
        Map<String, Class<?>> steps = new LinkedHashMap<>();
        for (Class<?> step : List.of(RegisterModelStep.class, TrainModelStep.class, DeployModelStep.class,
                CheckDriftStep.class)) {
            steps.put(functionName(step), step);
        }
        Pattern call = Pattern.compile("\\b(" + String.join("|", steps.keySet()) + ")\\s*\\(([^)]*)\\)");
        Pattern key = Pattern.compile("(\\w+)\\s*:");
        List<String> calls = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        for (Path source : javaSources()) {
            Matcher m = call.matcher(Files.readString(source));
            while (m.find()) {
                calls.add(m.group());
                Matcher k = key.matcher(m.group(2).replaceAll("'[^']*'", "''"));
                while (k.find()) {
                    if (!hasGetter(steps.get(m.group(1)), k.group(1))) {
                        unknown.add(m.group(1) + "(" + k.group(1) + ":) in " + source.getFileName());
                    }
                }
            }
        }

        assertThat(calls).as("step calls in Pipeline scripts").isNotEmpty();
        assertThat(unknown).isEmpty();
    }

    @Test
    void theJcascFileTheReleaseTestImportsIsTheDocumentedSnippetAndNamesOnlyGlobalSettings() throws IOException {
        String imported = Files.readString(RELEASE_TESTS.resolve("resources/io/jenkins/plugins/mlops/mlops-casc.yaml"));
        String docs = Files.readString(REPO.resolve("docs/jenkins.md"));
        Matcher snippet = Pattern.compile("```yaml\n(unclassified:\n  mlops:\n.*?)```", Pattern.DOTALL).matcher(docs);
        assertThat(snippet.find()).as("JCasC snippet in docs/jenkins.md").isTrue();

        assertThat(imported).isEqualTo(snippet.group(1));
        assertThat(MlopsConfiguration.class.getAnnotation(org.jenkinsci.Symbol.class).value()).containsExactly("mlops");
        Matcher setting = Pattern.compile("(?m)^    (\\w+):").matcher(imported);
        List<String> names = new ArrayList<>();
        while (setting.find()) {
            names.add(setting.group(1));
        }
        assertThat(names).isNotEmpty().allSatisfy(name -> assertThat(hasGetter(MlopsConfiguration.class, name))
                .as("MlopsConfiguration has %s", name).isTrue());
    }

    // ---- javac over the release tests

    private List<Diagnostic<? extends JavaFileObject>> compile(List<? extends Object> sources) throws IOException {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (StandardJavaFileManager files = javac.getStandardFileManager(diagnostics, Locale.ROOT,
                StandardCharsets.UTF_8)) {
            List<JavaFileObject> units = new ArrayList<>();
            for (Object source : sources) {
                units.add(source instanceof Path p ? files.getJavaFileObjects(p).iterator().next() : (Source) source);
            }
            // Verbose diagnostics name the class of a method that does not take the arguments given; attribution
            // goes on past the (expected) errors so every file and every statement is checked.
            List<String> options = List.of("-classpath", System.getProperty("java.class.path"), "-proc:none",
                    "-d", classes.toString(), "-Xdiags:verbose", "-Xmaxerrs", "100000",
                    "-XDshould-stop.ifError=FLOW");
            javac.getTask(null, files, diagnostics, options, null, units).call();
        }
        return diagnostics.getDiagnostics();
    }

    /**
     * The errors about a class of the plugin or the engine: a name not found in one of our packages or classes (or in
     * a variable of one of our types), or a constructor or method of ours that does not take the arguments given.
     */
    private static List<String> ourNamesMissing(List<Diagnostic<? extends JavaFileObject>> diagnostics) {
        Set<String> ours = ourSimpleNames();
        // The last form is how javac names the class when none of an overloaded constructor's or method's forms
        // takes the arguments: "no suitable method found for ...", then each candidate "is not applicable".
        Pattern where = Pattern.compile("location: (?:package ([\\w.]+)|(?:class|interface|enum|record) ([\\w.]+)"
                + "|variable \\w+ of type ([\\w.]+))|(?:constructor|method) \\w+ in (?:class|interface|enum) ([\\w.]+)"
                + "|(?:constructor|method) ([\\w.]+)\\.(?:<.*?>)?\\w+\\([^)]*\\) is not applicable");
        List<String> problems = new ArrayList<>();
        for (Diagnostic<? extends JavaFileObject> d : diagnostics) {
            String message = d.getMessage(Locale.ROOT);
            Matcher m = where.matcher(message);
            boolean aboutUs = false;
            while (d.getKind() == Diagnostic.Kind.ERROR && !aboutUs && m.find()) {
                aboutUs = m.group(1) != null ? OUR_PACKAGES.stream().anyMatch(m.group(1)::startsWith)
                        : ours.contains(simpleName(Stream.of(m.group(2), m.group(3), m.group(4), m.group(5))
                                .filter(Objects::nonNull).findFirst().orElseThrow()));
            }
            if (aboutUs) {
                problems.add(d.getSource().getName() + ":" + d.getLineNumber() + ": " + message.replace('\n', ' '));
            }
        }
        return problems;
    }

    private static String simpleName(String name) {
        return name.substring(name.lastIndexOf('.') + 1);
    }

    /** Simple names of every class of the plugin and the engine on the test class path (folders, mlops-*.jar). */
    private static Set<String> ourSimpleNames() {
        Set<String> names = new TreeSet<>();
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            Path path = Path.of(entry);
            try {
                if (Files.isDirectory(path)) {
                    try (Stream<Path> walk = Files.walk(path)) {
                        walk.map(p -> path.relativize(p).toString().replace(java.io.File.separatorChar, '/'))
                                .forEach(name -> addIfOurs(names, name));
                    }
                } else if (path.getFileName().toString().startsWith("mlops-") && Files.isRegularFile(path)) {
                    try (JarFile jar = new JarFile(path.toFile())) {
                        jar.stream().forEach(e -> addIfOurs(names, e.getName()));
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return names;
    }

    private static void addIfOurs(Set<String> names, String entry) {
        String className = entry.replace('/', '.');
        if (className.endsWith(".class") && OUR_PACKAGES.stream().anyMatch(className::startsWith)) {
            String simple = className.substring(className.lastIndexOf('.', className.length() - 7) + 1,
                    className.length() - 6);
            names.add(simple.substring(simple.lastIndexOf('$') + 1));
        }
    }

    private static List<Path> javaSources() throws IOException {
        try (Stream<Path> walk = Files.walk(RELEASE_TESTS.resolve("java"))) {
            return walk.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        }
    }

    private static String sourceLine(Diagnostic<? extends JavaFileObject> d) {
        try {
            String[] lines = d.getSource().getCharContent(true).toString().split("\n", -1);
            return lines[(int) d.getLineNumber() - 1].strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---- reflection on the plugin

    private static String functionName(Class<?> step) {
        try {
            Class<?> descriptor = Arrays.stream(step.getDeclaredClasses())
                    .filter(StepDescriptor.class::isAssignableFrom).findFirst().orElseThrow();
            return ((StepDescriptor) descriptor.getConstructor().newInstance()).getFunctionName();
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    private static boolean hasGetter(Class<?> type, String property) {
        String suffix = Character.toUpperCase(property.charAt(0)) + property.substring(1);
        return Arrays.stream(type.getMethods()).anyMatch(m -> m.getParameterCount() == 0
                && (m.getName().equals("get" + suffix) || m.getName().equals("is" + suffix)));
    }

    /** A source held in memory, for the check's own test. */
    private static final class Source extends SimpleJavaFileObject {
        private final String text;

        Source(String className, String text) {
            super(java.net.URI.create("string:///" + className + ".java"), Kind.SOURCE);
            this.text = text;
        }

        @Override
        public CharSequence getCharContent(boolean ignoreEncodingErrors) {
            return text;
        }
    }
}
