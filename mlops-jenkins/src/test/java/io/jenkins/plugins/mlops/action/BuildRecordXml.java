package io.jenkins.plugins.mlops.action;

import com.thoughtworks.xstream.XStream;
import com.thoughtworks.xstream.security.AnyTypePermission;

/**
 * Writes and reads a build action as Jenkins writes build.xml: XStream with its reflection provider (final fields
 * set without constructors, transient fields skipped) and, as Jenkins' XStream2 does, every type permitted (Jenkins
 * guards with its own class filter, which admits plugin classes).
 */
final class BuildRecordXml {
    private static final XStream XSTREAM = new XStream();

    static {
        XSTREAM.addPermission(AnyTypePermission.ANY);
    }

    private BuildRecordXml() {
    }

    static String write(Object action) {
        return XSTREAM.toXML(action);
    }

    static Object read(String xml) {
        return XSTREAM.fromXML(xml);
    }
}
