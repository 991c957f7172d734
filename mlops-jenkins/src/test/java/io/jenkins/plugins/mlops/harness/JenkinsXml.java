package io.jenkins.plugins.mlops.harness;

import com.thoughtworks.xstream.XStream;
import com.thoughtworks.xstream.security.AnyTypePermission;

/**
 * Writes and reads an object as Jenkins writes a build's build.xml and a job's config.xml: XStream with its reflection
 * provider (final fields set without constructors, transient fields skipped, {@code readResolve} called) and, as
 * Jenkins' XStream2 does, every type permitted (Jenkins guards with its own class filter, which admits plugin
 * classes).
 */
public final class JenkinsXml {
    private static final XStream XSTREAM = new XStream();

    static {
        XSTREAM.addPermission(AnyTypePermission.ANY);
    }

    private JenkinsXml() {
    }

    public static String write(Object object) {
        return XSTREAM.toXML(object);
    }

    public static Object read(String xml) {
        return XSTREAM.fromXML(xml);
    }

    /**
     * Reads {@code xml} into {@code root}, as Jenkins loads a global configuration: its {@code load()} unmarshals
     * the saved file into the instance the constructor made, so a field the file lacks keeps its initial value.
     */
    public static <T> T readInto(String xml, T root) {
        XSTREAM.fromXML(xml, root);
        return root;
    }
}
