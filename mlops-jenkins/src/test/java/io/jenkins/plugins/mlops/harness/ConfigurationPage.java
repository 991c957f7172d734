package io.jenkins.plugins.mlops.harness;

import java.io.InputStream;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * A save of a job's configuration page, as Stapler binds it, without a Jenkins: the page shows each {@code field=}
 * of the object's {@code config.jelly} with its getter's value, and saving binds a fresh object from only those
 * fields ({@link StepBinding}, with the values a form posts), a nested
 * {@code <f:property field=...>} from its own form. A value the form has no field for is therefore dropped, as in
 * Jenkins; that is what the Freestyle builders' form tests catch.
 */
public final class ConfigurationPage {
    private ConfigurationPage() {
    }

    /** What saving the configuration page that shows {@code shown} binds. */
    @SuppressWarnings("unchecked") // the bound object is of shown's own class
    public static <T> T saved(T shown) {
        Class<T> type = (Class<T>) shown.getClass();
        Map<String, Object> posted = new LinkedHashMap<>();
        for (FormField field : formFields(type)) {
            Object value = getter(type, field.name()).invoke(shown);
            posted.put(field.name(), field.nested() && value != null ? saved(value) : value);
        }
        return StepBinding.bind(type, posted, ConfigurationPage::posted);
    }

    /** A {@code field=} of a form; nested when it is an {@code <f:property>}, bound from its own form. */
    public record FormField(String name, boolean nested) {
    }

    /** The fields of {@code type}'s {@code config.jelly}, in the order of the page. */
    public static List<FormField> formFields(Class<?> type) {
        String view = type.getName().replace('.', '/').replace('$', '/') + "/config.jelly";
        try (InputStream in = type.getClassLoader().getResourceAsStream(view)) {
            if (in == null) {
                throw new AssertionError("no " + view);
            }
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            NodeList all = factory.newDocumentBuilder().parse(in).getElementsByTagName("*");
            List<FormField> fields = new ArrayList<>();
            for (int i = 0; i < all.getLength(); i++) {
                Element e = (Element) all.item(i);
                if (!e.getAttribute("field").isEmpty()) {
                    fields.add(new FormField(e.getAttribute("field"), e.getLocalName().equals("property")));
                }
            }
            return fields;
        } catch (Exception e) {
            throw new AssertionError("cannot read " + view + ": " + e, e);
        }
    }

    /** An empty text field posts "" (not null); an absent primitive its default. */
    private static Object posted(Class<?> type, Object value) {
        if (value == null && type == String.class) {
            return "";
        }
        if (value == null && type == boolean.class) {
            return false;
        }
        if (value == null && type.isPrimitive()) {
            return 0;
        }
        return value;
    }

    private static Getter getter(Class<?> type, String property) {
        for (String prefix : List.of("get", "is")) {
            try {
                Method m = type.getMethod(prefix + capitalised(property));
                return target -> StepBinding.invoke(() -> m.invoke(target));
            } catch (NoSuchMethodException e) {
                // try the next prefix
            }
        }
        throw new AssertionError(type + " has no getter for its form field " + property);
    }

    private interface Getter {
        Object invoke(Object target);
    }

    private static String capitalised(String name) {
        return name.substring(0, 1).toUpperCase(Locale.ROOT) + name.substring(1);
    }
}
