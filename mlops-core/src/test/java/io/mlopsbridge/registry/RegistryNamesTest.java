package io.mlopsbridge.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mlopsbridge.core.ErrorKind;
import io.mlopsbridge.core.MlopsException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RegistryNamesTest {

    @ParameterizedTest
    @ValueSource(strings = {"fraud-detector", "fraud_detector.v2", "Churn Model", "модель"})
    void acceptsNamesMlflowAccepts(String name) {
        assertThat(RegistryNames.requireModelName(name)).isEqualTo(name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "fraud/detector", "fraud:v2", "..", ".", "..evil", "...", " padded"})
    void refusesNamesMlflowRefuses(String name) {
        assertThatThrownBy(() -> RegistryNames.requireModelName(name))
                .isInstanceOfSatisfying(MlopsException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.INPUT));
    }

    @ParameterizedTest
    @ValueSource(strings = {"fraud\tdetector", "fraud\ndetector", "fraud\rdetector", "fraud\u0000detector",
        "fraud\u007fdetector", "fraud\u0085detector", "fraud-detector\n"})
    void refusesNamesWithAControlCharacterShowingItEscaped(String name) {
        assertThatThrownBy(() -> RegistryNames.requireModelName(name))
                .isInstanceOfSatisfying(MlopsException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.INPUT))
                .hasMessageStartingWith("invalid model name 'fraud").hasMessageContaining("it contains a control"
                        + " character").hasMessageNotContaining("\n").hasMessageNotContaining("\t");
    }

    @ParameterizedTest
    @ValueSource(strings = {"champion", "previous-champion", "candidate_2"})
    void acceptsAliases(String alias) {
        assertThat(RegistryNames.requireAlias(alias, "alias")).isEqualTo(alias);
    }

    @ParameterizedTest
    @ValueSource(strings = {"latest", "Latest", "v1", "V12", "has space", "a/b", ""})
    void refusesReservedOrMalformedAliases(String alias) {
        assertThatThrownBy(() -> RegistryNames.requireAlias(alias, "alias"))
                .isInstanceOf(MlopsException.class);
    }

    @Test
    void theHintForAMalformedAliasSuggestsNoAliasThatPromoteKeepsForRollback() {
        assertThatThrownBy(() -> RegistryNames.requireAlias("release candidate", "alias"))
                .isInstanceOfSatisfying(MlopsException.class, e -> assertThat(e.hint())
                        .hasValueSatisfying(hint -> assertThat(hint).contains("champion").doesNotContain("previous-")));
    }

    @Test
    void versionMustBeAPositiveNumber() {
        assertThat(RegistryNames.requireVersion("12")).isEqualTo("12");
        assertThatThrownBy(() -> RegistryNames.requireVersion("0")).isInstanceOf(MlopsException.class);
        assertThatThrownBy(() -> RegistryNames.requireVersion("v3")).isInstanceOf(MlopsException.class);
    }
}
