package io.mlopsbridge.mlflow;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A key/value tag as MLflow sends it on experiments, runs, registered models and model versions. */
public record Tag(String key, String value) {

    /** Tags in encounter order as a map; a repeated key keeps its last value. */
    public static Map<String, String> toMap(Collection<Tag> tags) {
        Map<String, String> map = new LinkedHashMap<>();
        for (Tag tag : tags) {
            map.put(tag.key(), tag.value());
        }
        return map;
    }

    public static List<Tag> fromMap(Map<String, String> tags) {
        return tags.entrySet().stream().map(e -> new Tag(e.getKey(), e.getValue())).toList();
    }

    static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : List.copyOf(list);
    }
}
