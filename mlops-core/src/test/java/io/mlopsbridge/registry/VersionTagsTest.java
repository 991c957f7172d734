package io.mlopsbridge.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.mlopsbridge.core.ErrorKind;
import io.mlopsbridge.core.InputNaming;
import io.mlopsbridge.core.MlopsException;
import java.util.HashMap;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The user's tags and dataset digests against MLflow's rules for model version tags, before anything is sent. */
class VersionTagsTest {

    private static MlopsException refusal(ThrowingCallable check) {
        MlopsException e = catchThrowableOfType(MlopsException.class, check);
        assertThat(e).as("refused").isNotNull();
        return e;
    }

    /** One tag; a HashMap, as a Jenkinsfile's map may hold a null value. */
    private static MlopsException refusalOfTag(String key, String value) {
        Map<String, String> tags = new HashMap<>();
        tags.put(key, value);
        return refusal(() -> VersionTags.requireUserTags(tags));
    }

    private static MlopsException refusalOfDataset(String name, String digest) {
        Map<String, String> digests = new HashMap<>();
        digests.put(name, digest);
        return refusal(() -> VersionTags.requireDatasetDigests(digests));
    }

    @ParameterizedTest
    @ValueSource(strings = {"team", "ticket-id", "data/source", "reviewed by:team", "owner.v2", ".hidden", "модель",
        "fraud_2025"})
    void tagKeysMlflowAcceptsAreAccepted(String key) {
        assertThatCode(() -> VersionTags.requireUserTags(Map.of(key, "fraud"))).doesNotThrowAnyException();
    }

    @Test
    void anEmptyTagKeyIsShownHowToGiveATagInTheSyntaxOfTheFrontEndInUse() {
        MlopsException e = refusalOfTag("", "fraud");

        assertThat(e.hint()).hasValue("give each tag a name, e.g. --tag team=fraud");
        assertThat(e.oneLine(InputNaming.STEP_PARAMETERS)).contains("give each tag a name, e.g. tags: [team: 'fraud']")
                .doesNotContain("--tag").doesNotContain("Jenkins");
    }

    @ParameterizedTest
    @ValueSource(strings = {"team!", "a@b", "team\towner", "cost$", "owner#1"})
    void aTagKeyWithACharacterMlflowRefusesIsAnInputErrorNamingTheCharacter(String key) {
        MlopsException e = refusalOfTag(key, "fraud");

        assertThat(e.kind()).isEqualTo(ErrorKind.INPUT);
        assertThat(e.getMessage()).startsWith("invalid tag key '").contains("(--tag)")
                .contains("MLflow allows only letters, digits, '_', '-', '.', ' ', ':' and '/', not '");
        assertThat(e.hint()).hasValueSatisfying(hint -> assertThat(hint).contains("--tag team=fraud"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"data//source", "data/", "/data", "data/./source", "data/../source", ".", "..data", ".."})
    void aTagKeyThatIsNotAPlainPathIsAnInputError(String key) {
        MlopsException e = refusalOfTag(key, "fraud");

        assertThat(e.getMessage()).contains("(--tag)").contains("MLflow reads keys as paths");
    }

    @Test
    void aNewlineInATagKeyIsShownEscapedSoTheErrorStaysOneLine() {
        MlopsException e = refusalOfTag("team\nowner", "fraud");

        assertThat(e.getMessage()).contains("'team\\nowner'").contains("not '\\n'").doesNotContain("\n");
    }

    @Test
    void aTagKeyOf250CharactersIsAcceptedAndOf251Refused() {
        assertThatCode(() -> VersionTags.requireUserTags(Map.of("k".repeat(250), "yes"))).doesNotThrowAnyException();

        MlopsException e = refusalOfTag("k".repeat(251), "yes");

        assertThat(e.getMessage()).contains("(--tag)").contains("MLflow allows at most 250 characters, it has 251")
                .contains("'" + "k".repeat(40) + "'... (251 characters)");
    }

    @Test
    void aTagValueOf5000CharactersIsAcceptedAndLongerRefusedAsEveryMlflow3ServerWould() {
        assertThatCode(() -> VersionTags.requireUserTags(Map.of("notes", "n".repeat(5000))))
                .doesNotThrowAnyException();

        MlopsException e = refusalOfTag("notes", "n".repeat(5001));

        assertThat(e.getMessage()).isEqualTo("tag 'notes' (--tag): the value has 5001 characters, MLflow 3 servers"
                + " accept at most 5000");
    }

    @Test
    void aTagWithoutAValueIsAnInputError() {
        assertThat(refusalOfTag("team", null).getMessage()).isEqualTo("tag 'team' (--tag) has no value");
    }

    @Test
    void aTagInTheLineageNamespaceIsRefusedBeforeMlflowsRuleIsApplied() {
        assertThat(refusalOfTag("mlops.release", "9.9.9").getMessage())
                .startsWith("tag 'mlops.release' is in the lineage namespace");
    }

    @Test
    void aDatasetNameWithACharacterMlflowRefusesInATagKeyIsAnInputErrorNamingTheDatasetOption() {
        MlopsException e = refusalOfDataset("tr ain!@", "sha256:9f86d081");

        assertThat(e.kind()).isEqualTo(ErrorKind.INPUT);
        assertThat(e.getMessage()).isEqualTo("invalid dataset name 'tr ain!@' (--dataset-digest): it is recorded in"
                + " the tag key 'mlops.dataset.tr ain!@.digest', and MLflow allows only letters, digits, '_', '-',"
                + " '.', ' ', ':' and '/', not '!'");
        assertThat(e.hint()).hasValueSatisfying(hint ->
                assertThat(hint).contains("--dataset-digest transactions=sha256:"));
    }

    @Test
    void aDatasetNameMayHave229CharactersTheRestOfItsTagKeyTakesTheOther21() {
        assertThatCode(() -> VersionTags.requireDatasetDigests(Map.of("d".repeat(229), "sha256:9f86d081")))
                .doesNotThrowAnyException();

        MlopsException e = refusalOfDataset("d".repeat(230), "sha256:9f86d081");

        assertThat(e.getMessage()).endsWith("... (230 characters) (--dataset-digest) is too long: the tag key"
                + " mlops.dataset.<name>.digest leaves it at most 229 of MLflow's 250 characters");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " "})
    void aDatasetDigestWithoutADatasetNameIsAnInputError(String name) {
        assertThat(refusalOfDataset(name, "sha256:9f86d081").getMessage())
                .isEqualTo("dataset digest without a dataset name (--dataset-digest)");
    }

    @Test
    void aDatasetWhoseDigestIsEmptyOrUnsetIsAnInputError() {
        assertThat(refusalOfDataset("transactions", "").getMessage())
                .isEqualTo("dataset 'transactions' (--dataset-digest) has no digest");
        assertThat(refusalOfDataset("transactions", null).getMessage())
                .isEqualTo("dataset 'transactions' (--dataset-digest) has no digest");
    }
}
