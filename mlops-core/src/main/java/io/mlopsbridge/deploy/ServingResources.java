package io.mlopsbridge.deploy;

import static io.mlopsbridge.deploy.DeployInputNames.CPU;
import static io.mlopsbridge.deploy.DeployInputNames.MEMORY;

import io.mlopsbridge.core.InputName;
import io.mlopsbridge.core.MlopsException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * CPU and memory for one serving replica, as Kubernetes quantities. Checked here so that a typo fails before
 * anything is applied rather than as an admission error halfway through a rollout.
 */
public record ServingResources(String cpuRequest, String memoryRequest, String cpuLimit, String memoryLimit) {
    public ServingResources {
        check("cpu request", cpuRequest, CPU);
        check("memory request", memoryRequest, MEMORY);
        check("cpu limit", cpuLimit, CPU);
        check("memory limit", memoryLimit, MEMORY);
    }

    /**
     * KServe's own MLflow example: 100m CPU and 512Mi requested, 1 CPU and 1Gi at most. Enough for a scikit-learn
     * model; larger models need more memory.
     */
    public static ServingResources defaults() {
        return new ServingResources("100m", "512Mi", "1", "1Gi");
    }

    /**
     * The {@code REQ[:LIMIT]} options of the command line and the Jenkins step. A request without a limit keeps the
     * default limit ({@code 1} CPU, {@code 1Gi}), raised to the request when the request is larger, so a pod never
     * runs without a limit and {@code --cpu 2} does not fail as "request above limit".
     */
    public static ServingResources parse(String cpu, String memory) {
        ServingResources defaults = defaults();
        String[] cpus = (cpu == null ? defaults.cpuRequest() : cpu).split(":", 2);
        String[] memories = (memory == null ? defaults.memoryRequest() : memory).split(":", 2);
        return new ServingResources(cpus[0], memories[0], limitFor("cpu", cpus, defaults.cpuLimit(), CPU),
                limitFor("memory", memories, defaults.memoryLimit(), MEMORY));
    }

    private static String limitFor(String what, String[] requestAndLimit, String defaultLimit, InputName option) {
        if (requestAndLimit.length > 1) {
            return requestAndLimit[1];
        }
        return Quantity.parse(requestAndLimit[0], what + " request", option)
                .compareTo(Quantity.parse(defaultLimit, what + " limit", option)) > 0 ? requestAndLimit[0] : defaultLimit;
    }

    /** Refuses a request above its limit, which the API server would reject after other objects were written. */
    public void requireRequestsWithinLimits() {
        requireWithin("cpu", cpuRequest, cpuLimit, CPU);
        requireWithin("memory", memoryRequest, memoryLimit, MEMORY);
    }

    private static void requireWithin(String what, String request, String limit, InputName option) {
        if (request != null && limit != null && Quantity.parse(request, what + " request", option)
                .compareTo(Quantity.parse(limit, what + " limit", option)) > 0) {
            throw MlopsException.input("resources: " + what + " request " + request + " is above its limit " + limit,
                    "Kubernetes requires request <= limit; pass " + option + " REQ:LIMIT with REQ at most LIMIT");
        }
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

    private static void check(String what, String quantity, InputName option) {
        if (quantity != null) {
            Quantity.parse(quantity, what, option);
        }
    }
}
