package io.mlopsbridge.kfp;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import io.mlopsbridge.core.InputFile;
import io.mlopsbridge.core.InputName;
import io.mlopsbridge.core.IoFailure;
import io.mlopsbridge.core.MlopsException;
import io.mlopsbridge.core.OneLine;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A pipeline compiled by the kfp SDK (PipelineSpec IR YAML), checked the way the KFP server checks uploads: exactly
 * one PipelineSpec document (an optional second {@code platforms:} document is allowed), {@code schemaVersion}
 * 2.1.0, a non-empty {@code pipelineInfo.name} and a {@code root}. Checking here names the problem before anything
 * is uploaded.
 */
public final class PipelineSpecFile {
    /** The only schema version the KFP API server accepts ({@code v2_template.go}). */
    public static final String SCHEMA_VERSION = "2.1.0";
    /** A key given twice is refused: which of its values the KFP server would keep is a guess. */
    private static final YAMLMapper YAML = YAMLMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
    private static final String FILE = "pipeline file";
    private static final String HINT =
            "compile the pipeline with the kfp SDK 2.x (kfp.compiler.Compiler().compile(...)) and pass its YAML";

    private final String fileName;
    private final byte[] content;
    private final JsonNode spec;
    private final List<ParameterSpec> parameters;

    private PipelineSpecFile(String fileName, byte[] content, JsonNode spec, List<ParameterSpec> parameters) {
        this.fileName = fileName;
        this.content = content;
        this.spec = spec;
        this.parameters = parameters;
    }

    /** Reads a compiled pipeline from a file on the machine that has it (a Jenkins agent, a CI runner). */
    public static PipelineSpecFile read(Path file) {
        return readAs(file, FILE);
    }

    /**
     * As {@link #read(Path)}, every error naming the input the file was given as first (e.g. {@code kubeflow}).
     */
    public static PipelineSpecFile read(Path file, InputName input) {
        return readAs(file, input + ": " + FILE);
    }

    private static PipelineSpecFile readAs(Path file, String subject) {
        Objects.requireNonNull(file, "file");
        InputFile.require(file, subject, HINT);
        try {
            return parse(subject, file.getFileName().toString(), Files.readAllBytes(file));
        } catch (IOException e) {
            throw MlopsException.input(subject + " " + file + " cannot be read: " + IoFailure.reason(e, file), HINT);
        }
    }

    public static PipelineSpecFile read(String fileName, InputStream in) throws IOException {
        return parse(fileName, in.readAllBytes());
    }

    public static PipelineSpecFile parse(String fileName, byte[] content) {
        return parse(FILE, fileName, content);
    }

    private static PipelineSpecFile parse(String subject, String fileName, byte[] content) {
        notUtf8Text(content).ifPresent(what -> {
            // The YAML reader would name its decoder's exception; what the user needs is what the file should be.
            throw invalid(subject, fileName, "is not a Kubeflow pipeline YAML (compiled pipeline spec): it is " + what);
        });
        List<JsonNode> documents = new ArrayList<>();
        try {
            refuseAliases(subject, fileName, content);
        } catch (IOException e) {
            throw invalid(subject, fileName, "is not valid YAML: " + OneLine.of(e.getMessage()));
        }
        try (MappingIterator<JsonNode> docs = YAML.readerFor(JsonNode.class).readValues(content)) {
            while (docs.hasNext()) {
                JsonNode doc = docs.next();
                if (doc != null && !doc.isNull() && !doc.isMissingNode()) {
                    documents.add(doc);
                }
            }
        } catch (IOException | RuntimeException e) {
            throw invalid(subject, fileName, "is not valid YAML: " + OneLine.of(e.getMessage()));
        }
        List<JsonNode> specs = documents.stream().filter(d -> d.has("pipelineInfo") || d.has("root")).toList();
        if (specs.size() != 1) {
            throw invalid(subject, fileName, specs.isEmpty() ? "has no PipelineSpec document (no pipelineInfo or root)"
                    : "has " + specs.size() + " PipelineSpec documents; KFP accepts exactly one");
        }
        JsonNode spec = specs.get(0);
        String version = spec.path("schemaVersion").asText("");
        if (!SCHEMA_VERSION.equals(version)) {
            throw invalid(subject, fileName, "has schemaVersion '" + version + "'; KFP accepts only " + SCHEMA_VERSION);
        }
        if (spec.path("pipelineInfo").path("name").asText("").isBlank()) {
            throw invalid(subject, fileName, "has no pipelineInfo.name");
        }
        if (!spec.path("root").isObject()) {
            throw invalid(subject, fileName, "has no root component");
        }
        return new PipelineSpecFile(fileName, content.clone(), spec, parameters(subject, fileName, spec));
    }

    /**
     * The YAML reader does not expand aliases ({@code *count} comes back as other values than the server reads), so
     * a file that uses one is refused, naming it; the kfp compiler writes every value out.
     */
    private static void refuseAliases(String subject, String fileName, byte[] content) throws IOException {
        try (YAMLParser parser = (YAMLParser) YAML.getFactory().createParser(content)) {
            while (parser.nextToken() != null) {
                if (parser.isCurrentAlias()) {
                    throw invalid(subject, fileName, "uses the YAML alias *" + parser.getText() + " (line "
                            + parser.currentTokenLocation().getLineNr() + "), which is not read here; write the value"
                            + " out, as the kfp compiler does");
                }
            }
        }
    }

    private static List<ParameterSpec> parameters(String subject, String fileName, JsonNode spec) {
        List<ParameterSpec> result = new ArrayList<>();
        JsonNode declared = spec.path("root").path("inputDefinitions").path("parameters");
        if (!declared.isObject() && !declared.isMissingNode() && !declared.isNull()) {
            // fields() of a list is empty: the parameters would be read as none and the values given ignored.
            throw invalid(subject, fileName, "has root.inputDefinitions.parameters as "
                    + (declared.isArray() ? "a list" : "'" + OneLine.of(declared.asText()) + "'")
                    + "; KFP expects a mapping of parameter name to its parameterType (n_estimators: {parameterType:"
                    + " NUMBER_INTEGER})");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = declared.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode def = e.getValue();
            ParameterType type = type(subject, fileName, e.getKey(), def);
            JsonNode defaultValue = def.has("defaultValue") ? def.get("defaultValue") : null;
            result.add(new ParameterSpec(e.getKey(), type, defaultValue, def.path("isOptional").asBoolean(false)));
        }
        return List.copyOf(result);
    }

    private static ParameterType type(String subject, String fileName, String name, JsonNode def) {
        String text = def.path("parameterType").asText("");
        if (text.isEmpty()) {
            // Specs compiled by kfp < 2.0 carry the deprecated PrimitiveType in "type".
            text = switch (def.path("type").asText("")) {
                case "INT" -> "NUMBER_INTEGER";
                case "DOUBLE" -> "NUMBER_DOUBLE";
                case "STRING" -> "STRING";
                default -> "";
            };
        }
        try {
            return ParameterType.valueOf(text);
        } catch (IllegalArgumentException e) {
            throw invalid(subject, fileName, "declares parameter '" + name + "' with unknown parameterType '" + text
                    + "'");
        }
    }

    /** The pipeline's name from {@code pipelineInfo.name}. */
    public String pipelineName() {
        return spec.path("pipelineInfo").path("name").asText();
    }

    /** A file name the upload endpoint accepts (it requires .yaml or .yml). */
    public String uploadFileName() {
        String lower = fileName.toLowerCase(java.util.Locale.ROOT);
        return lower.endsWith(".yaml") || lower.endsWith(".yml") ? fileName : pipelineName() + ".yaml";
    }

    /** The file as written by the compiler, uploaded unchanged. */
    public byte[] content() {
        return content.clone();
    }

    /** The PipelineSpec document as JSON. */
    public JsonNode spec() {
        return spec.deepCopy();
    }

    /** The runtime parameters the pipeline declares, in file order. */
    public List<ParameterSpec> parameters() {
        return parameters;
    }

    public Map<String, ParameterSpec> parametersByName() {
        Map<String, ParameterSpec> byName = new LinkedHashMap<>();
        parameters.forEach(p -> byName.put(p.name(), p));
        return byName;
    }

    /**
     * Why the file is not what the kfp compiler writes (UTF-8 without NUL bytes), if it is not: a gzip or zip file has
     * NUL bytes; a file saved in Latin-1 or Windows-1252 (an accented description) is text, but not UTF-8.
     */
    private static Optional<String> notUtf8Text(byte[] content) {
        for (byte b : content) {
            if (b == 0) {
                return Optional.of("binary, not text");
            }
        }
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(content));
            return Optional.empty();
        } catch (CharacterCodingException e) {
            return Optional.of("not UTF-8 text (the kfp compiler writes UTF-8; save it as UTF-8)");
        }
    }

    private static MlopsException invalid(String subject, String fileName, String problem) {
        return MlopsException.input(subject + " " + fileName + " " + problem, HINT);
    }
}
