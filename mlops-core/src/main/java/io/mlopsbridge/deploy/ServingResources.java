package io.mlopsbridge.deploy;

import io.mlopsbridge.core.MlopsException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * CPU and memory for one serving replica, as Kubernetes quantities. Checked here so that a typo fails before
 * anything is applied rather than as an admission error halfway through a rollout.
 */
public record ServingResources(String cpuRequest, String memoryRequest, String cpuLimit, String memoryLimit) {
    /** The Kubernetes quantity grammar, as in the CRD's own pattern for resource values. */
    private static final Pattern QUANTITY = Pattern.compile(
            "^(\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))(([KMGTPE]i)|[numkMGTPE]|([eE](\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))))?$");

    public ServingResources {
        check("cpu request", cpuRequest);
        check("memory request", memoryRequest);
        check("cpu limit", cpuLimit);
        check("memory limit", memoryLimit);
    }

    /**
     * KServe's own MLflow example: 100m CPU and 512Mi requested, 1 CPU and 1Gi at most. Enough for a scikit-learn
     * model; larger models need more memory.
     */
    public static ServingResources defaults() {
        return new ServingResources("100m", "512Mi", "1", "1Gi");
    }

    public ServingResources withRequests(String cpu, String memory) {
        return new ServingResources(cpu, memory, cpuLimit, memoryLimit);
    }

    public ServingResources withLimits(String cpu, String memory) {
        return new ServingResources(cpuRequest, memoryRequest, cpu, memory);
    }

    /** The {@code resources} object of a container spec. */
    public Map<String, Object> asContainerResources() {
        Map<String, Object> requests = new LinkedHashMap<>();
        putIfSet(requests, "cpu", cpuRequest);
        putIfSet(requests, "memory", memoryRequest);
        Map<String, Object> limits = new LinkedHashMap<>();
        putIfSet(limits, "cpu", cpuLimit);
        putIfSet(limits, "memory", memoryLimit);
        Map<String, Object> resources = new LinkedHashMap<>();
        if (!requests.isEmpty()) {
            resources.put("requests", requests);
        }
        if (!limits.isEmpty()) {
            resources.put("limits", limits);
        }
        return resources;
    }

    private static void putIfSet(Map<String, Object> map, String key, String value) {
        if (value != null) {
            map.put(key, value);
        }
    }

    private static void check(String what, String quantity) {
        if (quantity != null && !QUANTITY.matcher(quantity).matches()) {
            throw MlopsException.input("resources: " + what + " '" + quantity + "' is not a Kubernetes quantity",
                    "use values such as 500m or 2 for CPU and 512Mi or 2Gi for memory");
        }
    }
}
