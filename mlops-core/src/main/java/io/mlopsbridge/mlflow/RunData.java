package io.mlopsbridge.mlflow;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Latest metric values, parameters and tags of a run. */
public record RunData(List<Metric> metrics, List<Param> params, List<Tag> tags) {
    public RunData {
        metrics = Tag.orEmpty(metrics);
        params = Tag.orEmpty(params);
        tags = Tag.orEmpty(tags);
    }

    /** Metric key → latest value (MLflow's runs/get already returns only the latest value per key). */
    public Map<String, Double> metricValues() {
        Map<String, Double> map = new LinkedHashMap<>();
        for (Metric metric : metrics) {
            map.put(metric.key(), metric.value());
        }
        return map;
    }

    public Map<String, String> paramValues() {
        Map<String, String> map = new LinkedHashMap<>();
        for (Param param : params) {
            map.put(param.key(), param.value());
        }
        return map;
    }

    public Map<String, String> tagValues() {
        return Tag.toMap(tags);
    }
}
