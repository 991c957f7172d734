package io.jenkins.plugins.mlops.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The plugin's Jelly views against the classes they render, by reading the files and reflecting on the classes as
 * Stapler would: each view is well-formed XML; each form {@code field=} is bound (a getter, or a
 * {@code @DataBoundSetter}, or a {@code @DataBoundConstructor} parameter with a getter) and has its
 * {@code help-<field>.html}; each form has a {@code help.html}; each button's {@code method=} and each
 * {@code ${it.x}}/{@code ${instance.x}} names a method that exists.
 */
class JellyViewsTest {
    private static final Path RESOURCES = Path.of("src/main/resources");
    private static final Pattern EXPRESSION = Pattern.compile("\\$\\{(it|instance|descriptor)\\.([a-zA-Z]+)");

    @Test
    void everyViewIsWellFormedAndEveryFormFieldIsBoundAndHelped() throws Exception {
        List<Path> views = views();
        assertThat(views).as("views found").isNotEmpty();
        List<String> problems = new ArrayList<>();
        for (Path view : views) {
            Class<?> owner = ownerOf(view);
            Document xml = parse(view);
            if (view.getFileName().toString().equals("config.jelly")
                    || view.getFileName().toString().equals("global.jelly")) {
                problems.addAll(formProblems(view, owner, xml));
            }
            problems.addAll(expressionProblems(view, owner));
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void everyFormHasAStepHelpPage() throws Exception {
        for (Path view : views()) {
            if (view.getFileName().toString().equals("config.jelly")) {
                assertThat(view.resolveSibling("help.html")).as("help.html beside " + view).exists();
            }
        }
    }

    /**
     * Stapler renders a {@code ${%text}} through {@link java.text.MessageFormat}, where a single quote starts a quoted
     * part and is dropped: {@code ${%the pods' environment}} would show "the pods environment".
     */
    @Test
    void noLocalisedTextHasASingleQuoteThatStaplerWouldDrop() throws IOException {
        Pattern localised = Pattern.compile("\\$\\{%([^}]*)}");
        List<String> dropped = new ArrayList<>();
        for (Path view : views()) {
            Matcher text = localised.matcher(Files.readString(view));
            while (text.find()) {
                String shown = java.text.MessageFormat.format(text.group(1), new Object[0]);
                if (!shown.equals(text.group(1))) {
                    dropped.add(view + ": '" + text.group(1) + "' shows as '" + shown + "'");
                }
            }
        }
        assertThat(dropped).isEmpty();
    }

    /**
     * Parameters a Pipeline step has no help page for yet. Kept short and explicit: the Pipeline Syntax reference
     * shows a parameter's help page, and a parameter without a form field (a list, a map) still has one there.
     */
    @Test
    void everyPipelineStepParameterHasAHelpPageEvenWithoutAFormField() {
        List<String> missing = new ArrayList<>();
        for (Path view : views()) {
            Class<?> owner = ownerOf(view);
            if (!view.getFileName().toString().equals("config.jelly") || !owner.getSimpleName().endsWith("Step")) {
                continue;
            }
            for (Method setter : owner.getMethods()) {
                if (!setter.isAnnotationPresent(DataBoundSetter.class)) {
                    continue;
                }
                String parameter = setter.getName().substring(3, 4).toLowerCase(Locale.ROOT)
                        + setter.getName().substring(4);
                if (!Files.exists(view.resolveSibling("help-" + parameter + ".html"))) {
                    missing.add(owner.getSimpleName() + "." + parameter);
                }
            }
        }
        assertThat(missing).as("step parameters without a help-<parameter>.html").isEmpty();
    }

    private static List<String> formProblems(Path view, Class<?> owner, Document xml) {
        List<String> problems = new ArrayList<>();
        for (Element e : elements(xml)) {
            String field = e.getAttribute("field");
            if (!field.isEmpty()) {
                if (!bound(owner, field)) {
                    problems.add(view + ": field '" + field + "' has no getter or @DataBoundSetter on " + owner);
                }
                if (!Files.exists(view.resolveSibling("help-" + field + ".html"))) {
                    problems.add(view + ": field '" + field + "' has no help-" + field + ".html");
                }
            }
            if (e.getTagName().endsWith("validateButton")) {
                String method = "do" + capitalised(e.getAttribute("method"));
                if (Arrays.stream(owner.getMethods()).noneMatch(m -> m.getName().equals(method))) {
                    problems.add(view + ": button calls " + method + ", which " + owner + " lacks");
                }
            }
        }
        return problems;
    }

    private static List<String> expressionProblems(Path view, Class<?> owner) throws IOException {
        List<String> problems = new ArrayList<>();
        Matcher m = EXPRESSION.matcher(Files.readString(view));
        while (m.find()) {
            String property = m.group(2);
            if (m.group(1).equals("descriptor")) {
                continue;
            }
            if (getter(owner, property) == null && !hasMethod(owner, property)) {
                problems.add(view + ": ${" + m.group(1) + "." + property + "} matches nothing on " + owner);
            }
        }
        return problems;
    }

    private static boolean bound(Class<?> owner, String field) {
        if (getter(owner, field) == null) {
            return false;
        }
        String setter = "set" + capitalised(field);
        boolean hasSetter = Arrays.stream(owner.getMethods())
                .anyMatch(m -> m.getName().equals(setter) && m.isAnnotationPresent(DataBoundSetter.class));
        boolean inConstructor = Arrays.stream(owner.getConstructors())
                .filter(c -> c.isAnnotationPresent(DataBoundConstructor.class))
                .flatMap(c -> Arrays.stream(c.getParameters())).anyMatch(p -> p.getName().equals(field));
        return hasSetter || inConstructor;
    }

    private static Method getter(Class<?> owner, String property) {
        for (String prefix : List.of("get", "is")) {
            try {
                Method m = owner.getMethod(prefix + capitalised(property));
                if (Modifier.isPublic(m.getModifiers()) && m.getParameterCount() == 0) {
                    return m;
                }
            } catch (NoSuchMethodException e) {
                // try the next prefix
            }
        }
        return null;
    }

    private static boolean hasMethod(Class<?> owner, String name) {
        return Arrays.stream(owner.getMethods()).anyMatch(m -> m.getName().equals(name));
    }

    /** {@code io/jenkins/plugins/mlops/x/Outer/Inner/view.jelly} renders {@code io.jenkins.plugins.mlops.x.Outer$Inner}. */
    private static Class<?> ownerOf(Path view) {
        Path folder = RESOURCES.relativize(view.getParent());
        List<String> parts = new ArrayList<>();
        folder.forEach(p -> parts.add(p.toString()));
        for (int split = parts.size() - 1; split > 0; split--) {
            String name = String.join(".", parts.subList(0, split)) + "."
                    + String.join("$", parts.subList(split, parts.size()));
            try {
                return Class.forName(name);
            } catch (ClassNotFoundException e) {
                // the class boundary is further up
            }
        }
        throw new AssertionError(view + " belongs to no class");
    }

    private static Document parse(Path view) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return factory.newDocumentBuilder().parse(view.toFile());
    }

    private static List<Element> elements(Document xml) {
        NodeList all = xml.getElementsByTagName("*");
        List<Element> list = new ArrayList<>();
        for (int i = 0; i < all.getLength(); i++) {
            list.add((Element) all.item(i));
        }
        return list;
    }

    private static List<Path> views() {
        try (Stream<Path> files = Files.walk(RESOURCES)) {
            return files.filter(f -> f.toString().endsWith(".jelly")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String capitalised(String name) {
        return name.substring(0, 1).toUpperCase(Locale.ROOT) + name.substring(1);
    }
}
