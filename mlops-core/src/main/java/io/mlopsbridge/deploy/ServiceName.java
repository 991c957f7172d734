package io.mlopsbridge.deploy;

import static io.mlopsbridge.deploy.DeployInputNames.SERVICE_NAME;

import io.mlopsbridge.core.MlopsException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The name of the serving objects (InferenceService, or Deployment and Service). KServe requires a DNS-1035 label
 * (its webhook rejects anything else) and names Knative revisions and hosts after it, so the name is kept to
 * {@value #MAX_LENGTH} characters.
 *
 * @param value a lower-case DNS-1035 label
 */
public record ServiceName(String value) {
    /** Knative appends {@code -predictor-00001} and more to build revision names limited to 63 characters. */
    public static final int MAX_LENGTH = 45;
    private static final Pattern DNS_1035 = Pattern.compile("[a-z]([-a-z0-9]*[a-z0-9])?");

    public ServiceName {
        if (value == null || !DNS_1035.matcher(value).matches() || value.length() > MAX_LENGTH) {
            throw MlopsException.input("service name: '" + value + "' is not a valid Kubernetes service name",
                    "use at most " + MAX_LENGTH + " lower-case letters, digits and '-', starting with a letter"
                            + " and ending with a letter or digit (" + SERVICE_NAME + ")");
        }
    }

    /** A valid name derived from an MLflow model name: lower case, other characters turned into '-'. */
    public static ServiceName derivedFrom(String modelName) {
        String name = modelName.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]+", "-")
                .replaceAll("-{2,}", "-").replaceAll("^[^a-z]+", "");
        if (name.length() > MAX_LENGTH) {
            name = name.substring(0, MAX_LENGTH);
        }
        name = name.replaceAll("-+$", "");
        if (name.isEmpty()) {
            throw MlopsException.input("service name: cannot derive one from model name '" + modelName + "'",
                    "pass " + SERVICE_NAME + " with a DNS label such as fraud-detector");
        }
        return new ServiceName(name);
    }

    @Override
    public String toString() {
        return value;
    }
}
