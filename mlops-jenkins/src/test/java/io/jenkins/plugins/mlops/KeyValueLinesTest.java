package io.jenkins.plugins.mlops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A map as a Freestyle form's lines: one KEY=VALUE per line, as the tags, datasets and parameters fields take it. */
class KeyValueLinesTest {
    private final KeyValueLines tags = new KeyValueLines("tags", "write one tag per line, e.g. team=fraud");

    @Test
    void eachLineIsAnEntryWithBlankLinesAndSurroundingSpacesIgnoredAndTheValueAfterTheFirstEqualsSign() {
        assertThat(tags.parse("team=fraud\n\n  ticket = ML-412 \r\nnote=retrained on = March data\n"))
                .containsExactly(Map.entry("team", "fraud"), Map.entry("ticket", "ML-412"),
                        Map.entry("note", "retrained on = March data"));
    }

    @Test
    void aBlankTextIsNoMapAsAParameterNotGiven() {
        assertThat(tags.parse(" \n")).isNull();
        assertThat(tags.parse(null)).isNull();
    }

    @Test
    void aLineWithoutAnEqualsSignIsRefusedNamingTheFieldTheLineAndHowToWriteIt() {
        assertThatThrownBy(() -> tags.parse("team=fraud\nticket ML-412"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("tags line 2 'ticket ML-412' is not KEY=VALUE: write one tag per line, e.g. team=fraud");
    }

    @Test
    void aKeyGivenTwiceIsRefusedNamingBothLinesInsteadOfKeepingTheLastValue() {
        assertThatThrownBy(() -> tags.parse("team=fraud\nteam = risk"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("tags line 2 'team = risk': team is given twice (line 1): write one tag per line, e.g. "
                        + "team=fraud");
    }

    @Test
    void aLineWithoutAKeyIsRefused() {
        assertThatThrownBy(() -> tags.parse("=fraud"))
                .hasMessage("tags line 1 '=fraud' has no key: write one tag per line, e.g. team=fraud");
    }

    @Test
    void aMapIsShownOneEntryPerLineInItsOrderAndNoneAsAnEmptyField() {
        Map<String, Object> entries = new LinkedHashMap<>();
        entries.put("team", "fraud");
        entries.put("max_depth", 12);
        entries.put("digest", null);

        assertThat(KeyValueLines.format(entries)).isEqualTo("team=fraud\nmax_depth=12\ndigest=");
        assertThat(KeyValueLines.format(Map.of())).isNull();
        assertThat(KeyValueLines.format(null)).isNull();
    }
}
