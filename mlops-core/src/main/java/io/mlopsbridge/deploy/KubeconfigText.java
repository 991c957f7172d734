package io.mlopsbridge.deploy;

import static io.mlopsbridge.deploy.DeployInputNames.KUBECONFIG;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.mlopsbridge.core.MlopsException;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Checks that a kubeconfig file is one before fabric8 reads it: fabric8's own failures name its Java classes
 * ({@code Cannot construct instance of io.fabric8…Config}, {@code MalformedInputException}) or quote the YAML engine
 * without saying where ({@code while parsing a flow node}).
 */
final class KubeconfigText {
    private static final YAMLMapper YAML = new YAMLMapper();
    /** A kubeconfig is a mapping with at least one of these; anything else is some other file. */
    private static final List<String> KEYS = List.of("apiVersion", "clusters", "contexts", "users");

    private KubeconfigText() {
    }

    /** Throws an input error naming the file when it is not UTF-8, not YAML, or not shaped like a kubeconfig. */
    static void check(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (CharacterCodingException e) {
            throw invalid(file, "it is not UTF-8 text");
        } catch (IOException e) {
            throw MlopsException.input(KUBECONFIG + ": cannot read '" + file + "': " + e.getMessage(),
                    "check the file's permissions");
        }
        JsonNode tree;
        try {
            tree = YAML.readTree(text);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            throw invalid(file, at == null || at.getLineNr() < 1 ? "YAML syntax error"
                    : "YAML syntax error at line " + at.getLineNr() + ", column " + at.getColumnNr());
        }
        if (tree == null || !tree.isObject() || KEYS.stream().noneMatch(tree::has)) {
            throw invalid(file, null);
        }
    }

    /** The error for a file fabric8 cannot use; {@code detail} says why when that is known. */
    static MlopsException invalid(Path file, String detail) {
        return MlopsException.input(KUBECONFIG + ": '" + file + "' is not a valid kubeconfig (YAML with "
                        + String.join(", ", KEYS.subList(0, 3)) + " and " + KEYS.get(3) + ")"
                        + (detail == null ? "" : ": " + detail),
                "pass the kubeconfig kubectl uses ('kubectl config view --raw --minify' prints one)");
    }
}
