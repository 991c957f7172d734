package io.mlopsbridge.deploy;

import io.mlopsbridge.core.InputName;
import io.mlopsbridge.core.MlopsException;
import java.util.regex.Pattern;

/**
 * The name rules the Kubernetes API server applies (apimachinery's {@code validation.IsDNS1123Label} and
 * {@code IsDNS1123Subdomain}), checked before anything is sent so that a bad name is one line naming the option,
 * not an admission error after other objects were written.
 */
public final class KubernetesNames {
    /** Namespaces, and the names of objects such as Services. */
    public static final int LABEL_MAX = 63;
    /** Names of ServiceAccounts, Secrets, Deployments and most other objects. */
    public static final int SUBDOMAIN_MAX = 253;
    private static final String LABEL = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
    private static final Pattern DNS_1123_LABEL = Pattern.compile(LABEL);
    private static final Pattern DNS_1123_SUBDOMAIN = Pattern.compile(LABEL + "(\\." + LABEL + ")*");

    private KubernetesNames() {
    }

    /** A namespace: a DNS-1123 label. */
    public static String requireNamespace(String namespace, InputName option) {
        if (namespace == null || namespace.length() > LABEL_MAX || !DNS_1123_LABEL.matcher(namespace).matches()) {
            throw MlopsException.input("namespace '" + namespace + "' is not a valid Kubernetes namespace",
                    "use at most " + LABEL_MAX + " lower-case letters, digits and '-', starting and ending with a"
                            + " letter or digit (" + option + ")");
        }
        return namespace;
    }

    /** The name of a ServiceAccount, Secret or similar object: a DNS-1123 subdomain. */
    public static String requireObjectName(String what, String name, InputName option) {
        if (name == null || name.length() > SUBDOMAIN_MAX || !DNS_1123_SUBDOMAIN.matcher(name).matches()) {
            throw MlopsException.input(what + " '" + name + "' is not a valid Kubernetes name",
                    "use at most " + SUBDOMAIN_MAX + " lower-case letters, digits, '-' and '.', each part starting"
                            + " and ending with a letter or digit (" + option + ")");
        }
        return name;
    }
}
