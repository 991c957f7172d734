package io.mlopsbridge.kfp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mlopsbridge.core.ErrorKind;
import io.mlopsbridge.core.MlopsException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RuntimeParametersTest {
    /** A PipelineSpec written by hand up to its parameters, which each test writes (indented by six). */
    private static final String UP_TO_PARAMETERS = """
            pipelineInfo:
              name: fraud-detection
            schemaVersion: 2.1.0
            root:
              inputDefinitions:
                parameters:
            """;

    private final PipelineSpecFile fraud = ExamplePipelines.fraudDetection();

    private Map<String, Object> bind(Map<String, ?> given) {
        return RuntimeParameters.bind("fraud-detection", fraud.parameters(), given);
    }

    private static MlopsException refused(Runnable r) {
        try {
            r.run();
        } catch (MlopsException e) {
            assertThat(e.kind()).isEqualTo(ErrorKind.INPUT);
            return e;
        }
        throw new AssertionError("expected the parameters to be refused");
    }

    @Test
    void readsTheParametersTheCompiledPipelineDeclares() {
        assertThat(fraud.pipelineName()).isEqualTo("fraud-detection");
        assertThat(fraud.parametersByName()).containsOnlyKeys("fraud_rate", "max_depth", "mlflow_run_id",
                "mlflow_tracking_uri", "n_estimators", "n_samples", "release_version", "seed");
        assertThat(fraud.parametersByName().get("n_estimators").type()).isEqualTo(ParameterType.NUMBER_INTEGER);
        assertThat(fraud.parametersByName().get("release_version").required()).isTrue();
        assertThat(fraud.parametersByName().get("fraud_rate").required()).isFalse();
    }

    @Test
    void convertsCommandLineTextToTheDeclaredJsonTypes() {
        Map<String, Object> bound = bind(Map.of("release_version", "1.4.0", "n_estimators", "300",
                "fraud_rate", "0.03", "max_depth", "12.0"));
        assertThat(bound).containsExactly(Map.entry("fraud_rate", 0.03), Map.entry("max_depth", 12L),
                Map.entry("n_estimators", 300L), Map.entry("release_version", "1.4.0"));
    }

    @Test
    void acceptsTypedValuesFromAJenkinsfile() {
        assertThat(bind(Map.of("release_version", "1.4.0", "n_estimators", 300, "fraud_rate", 0.03)))
                .containsEntry("n_estimators", 300L).containsEntry("fraud_rate", 0.03);
    }

    @Test
    void aMissingRequiredParameterIsNamed() {
        MlopsException e = refused(() -> bind(Map.of("n_estimators", "300")));
        assertThat(e.getMessage()).isEqualTo(
                "pipeline 'fraud-detection': parameter 'release_version' (STRING) is required and has no default");
        assertThat(e.hint()).hasValueSatisfying(h -> assertThat(h).contains("release_version STRING required")
                .contains("n_estimators NUMBER_INTEGER default 200"));
    }

    @Test
    void integerDefaultsAreShownAsIntegersThoughTheCompilerWritesThemAsDecimals() {
        MlopsException e = refused(() -> bind(Map.of("n_estimators", "300")));
        assertThat(e.hint()).hasValueSatisfying(h -> assertThat(h)
                .contains("max_depth NUMBER_INTEGER default 8,", "n_estimators NUMBER_INTEGER default 200,",
                        "seed NUMBER_INTEGER default 42")
                .contains("fraud_rate NUMBER_DOUBLE default 0.02")
                .doesNotContain("default 8.0").doesNotContain("default 200.0"));
    }

    @Test
    void anUnknownParameterIsNamed() {
        MlopsException e = refused(() -> bind(Map.of("release_version", "1.4.0", "n_estimator", "300")));
        assertThat(e.getMessage()).isEqualTo("pipeline 'fraud-detection': unknown parameter 'n_estimator'");
    }

    @Test
    void aValueOfTheWrongTypeIsNamedWithWhatWasExpected() {
        MlopsException e = refused(() -> bind(Map.of("release_version", "1.4.0", "n_estimators", "many")));
        assertThat(e.getMessage()).isEqualTo("pipeline 'fraud-detection': parameter 'n_estimators' must be an integer"
                + " (NUMBER_INTEGER) but got 'many'");
    }

    @Test
    void everyProblemIsListedAtOnce() {
        Map<String, Object> given = new LinkedHashMap<>();
        given.put("seed", "4.5");
        given.put("fraud_rate", "two percent");
        given.put("epochs", "5");
        MlopsException e = refused(() -> bind(given));
        assertThat(e.getMessage()).isEqualTo("pipeline 'fraud-detection': unknown parameter 'epochs'; "
                + "parameter 'fraud_rate' must be a number (NUMBER_DOUBLE) but got 'two percent'; "
                + "parameter 'release_version' (STRING) is required and has no default; "
                + "parameter 'seed' must be an integer (NUMBER_INTEGER) but got '4.5'");
    }

    @Test
    void integersBeyondWhatKfpStoresExactlyAreRefused() {
        MlopsException e = refused(() -> bind(Map.of("release_version", "1", "seed", "9007199254740993")));
        assertThat(e.getMessage()).contains("beyond ±(2^53 − 1); declare it as a STRING");
    }

    @Test
    void booleansListsAndStructsAreParsed() {
        List<ParameterSpec> declared = List.of(
                new ParameterSpec("flag", ParameterType.BOOLEAN, null, false),
                new ParameterSpec("trials", ParameterType.LIST, null, false),
                new ParameterSpec("cfg", ParameterType.STRUCT, null, false));
        Map<String, Object> bound = RuntimeParameters.bind("p", declared,
                Map.of("flag", "TRUE", "trials", "[1, 2.5]", "cfg", "{\"A\": 1}"));
        assertThat(bound.get("flag")).isEqualTo(true);
        assertThat(bound.get("trials")).hasToString("[1,2.5]");
        assertThat(bound.get("cfg")).hasToString("{\"A\":1}");
        assertThat(refused(() -> RuntimeParameters.bind("p", declared,
                Map.of("flag", "yes", "trials", "{}", "cfg", "[1]"))).getMessage())
                .contains("parameter 'flag' must be true or false (BOOLEAN) but got 'yes'")
                .contains("parameter 'trials' must be a JSON list, e.g. [1, 2] (LIST) but got '{}'")
                .contains("parameter 'cfg' must be a JSON object, e.g. {\"k\": 1} (STRUCT) but got '[1]'");
    }

    @Test
    void typedValuesAsTextBindToTheSameValues() {
        List<ParameterSpec> declared = ExamplePipelines.parametersOfEachType();
        Map<String, Object> typed = Map.of("n_estimators", 300, "learning_rate", 0.05, "early_stopping", true,
                "features", List.of("amount", "merchant_category"), "grid", Map.of("max_depth", List.of(8, 12)),
                "data_path", "gs://fraud-data/2026-11/train.csv");
        Map<String, Object> asText = new LinkedHashMap<>();
        typed.forEach((name, value) -> asText.put(name, RuntimeParameters.text(value)));

        assertThat(asText).containsEntry("features", "[\"amount\",\"merchant_category\"]")
                .containsEntry("n_estimators", "300");
        assertThat(RuntimeParameters.bind("p", declared, asText)).isEqualTo(RuntimeParameters.bind("p", declared, typed));
    }

    @Test
    void aPipelineFileWithTheWrongSchemaVersionIsRefusedBeforeUpload() {
        String yaml = new String(fraud.content(), StandardCharsets.UTF_8).replace("schemaVersion: 2.1.0",
                "schemaVersion: 2.0.0");
        assertThatThrownBy(() -> PipelineSpecFile.parse("pipeline.yaml", yaml.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(MlopsException.class)
                .hasMessage("pipeline file pipeline.yaml has schemaVersion '2.0.0'; KFP accepts only 2.1.0");
    }

    @Test
    void aFileThatIsNotAPipelineIsRefused() {
        assertThatThrownBy(() -> PipelineSpecFile.parse("train.py", "import mlflow\n".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(MlopsException.class)
                .hasMessage("pipeline file train.py has no PipelineSpec document (no pipelineInfo or root)");
    }

    @Test
    void aPipelineFileWithAKeyGivenTwiceIsRefusedNamingTheKey() throws Exception {
        // Which of the two declarations holds is a guess: the last one here, maybe another on the server.
        String twice = java.nio.file.Files.readString(ExamplePipelines.fraudDetectionYaml())
                .replace("      parameters:\n        fraud_rate:",
                        "      parameters:\n        seed:\n          parameterType: STRING\n        fraud_rate:");
        assertThatThrownBy(() -> PipelineSpecFile.parse("pipeline.yaml", twice.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(MlopsException.class)
                .hasMessageStartingWith("pipeline file pipeline.yaml is not valid YAML: Duplicate field 'seed'");
    }

    @Test
    void aListOrObjectFollowedByMoreTextIsRefusedInsteadOfCutShort() {
        List<ParameterSpec> declared = List.of(new ParameterSpec("trials", ParameterType.LIST, null, false),
                new ParameterSpec("cfg", ParameterType.STRUCT, null, false));
        assertThat(refused(() -> RuntimeParameters.bind("p", declared,
                Map.of("trials", "[1, 2] [3]", "cfg", "{\"depth\": 4}, {\"depth\": 8}"))).getMessage())
                .contains("parameter 'trials' must be a JSON list, e.g. [1, 2] (LIST) but got '[1, 2] [3]'")
                .contains("parameter 'cfg' must be a JSON object, e.g. {\"k\": 1} (STRUCT) but got"
                        + " '{\"depth\": 4}, {\"depth\": 8}'");
    }

    @Test
    void aNumberIsReadAsJsonWritesItNotAsJavaSourceDoes() {
        // Java's own parser takes "0.1d" and "0x1p3" (hex), so a typo would become a number nobody wrote.
        assertThat(refused(() -> bind(Map.of("release_version", "1.4.0", "fraud_rate", "0.1d"))).getMessage())
                .contains("parameter 'fraud_rate' must be a number (NUMBER_DOUBLE) but got '0.1d'");
        assertThat(refused(() -> bind(Map.of("release_version", "1.4.0", "fraud_rate", "0x1p-3"))).getMessage())
                .contains("parameter 'fraud_rate' must be a number (NUMBER_DOUBLE) but got '0x1p-3'");
    }

    @Test
    void aPipelineFileUsingYamlAliasesIsRefusedNamingTheAlias() {
        // The reader does not expand aliases: "*count" would be read as other values than the server reads.
        String aliased = UP_TO_PARAMETERS + """
                      n_estimators: &count
                        parameterType: NUMBER_INTEGER
                        defaultValue: 200.0
                      max_depth: *count
                """;
        assertThatThrownBy(() -> PipelineSpecFile.parse("pipeline.yaml", aliased.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(MlopsException.class)
                .hasMessage("pipeline file pipeline.yaml uses the YAML alias *count (line 10), which is not read"
                        + " here; write the value out, as the kfp compiler does");
    }

    @Test
    void parametersWrittenAsAListAreRefusedInsteadOfReadAsNone() {
        // Hand-edited YAML in the shape of a component's inputs. It was read as "no parameters": values given for
        // them were refused as undeclared, and a run given none started without its required ones.
        String listed = UP_TO_PARAMETERS + """
                      - name: n_estimators
                        parameterType: NUMBER_INTEGER
                      - name: release_version
                        parameterType: STRING
                """;
        assertThatThrownBy(() -> PipelineSpecFile.parse("pipeline.yaml", listed.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(MlopsException.class)
                .hasMessage("pipeline file pipeline.yaml has root.inputDefinitions.parameters as a list; KFP expects"
                        + " a mapping of parameter name to its parameterType (n_estimators: {parameterType:"
                        + " NUMBER_INTEGER})");
    }

    @Test
    void aPipelineFileInLatin1IsReportedAsNotUtf8RatherThanBinary() {
        // A description edited in an editor set to Latin-1: "é" is the single byte 0xE9, text but not UTF-8.
        byte[] latin1 = new String(fraud.content(), StandardCharsets.UTF_8)
                .replace("pipelineInfo:\n", "pipelineInfo:\n  description: Détection de fraude\n")
                .getBytes(StandardCharsets.ISO_8859_1);
        assertThatThrownBy(() -> PipelineSpecFile.parse("pipeline.yaml", latin1))
                .isInstanceOf(MlopsException.class)
                .hasMessage("pipeline file pipeline.yaml is not a Kubeflow pipeline YAML (compiled pipeline spec): it is"
                        + " not UTF-8 text (the kfp compiler writes UTF-8; save it as UTF-8)");
    }
}
