package io.mlopsbridge.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OneLineTest {

    @Test
    void keepsTheFirstLineTrimmed() {
        assertThat(OneLine.of("  while parsing a block mapping\r\n  in 'reader', line 3\n")).isEqualTo(
                "while parsing a block mapping");
    }

    @Test
    void cutsALongLineAndSaysSo() {
        String page = "<html>" + "x".repeat(1000);

        assertThat(OneLine.of(page)).hasSize(OneLine.MAX_LENGTH + 3).startsWith("<html>").endsWith("...");
    }

    @Test
    void saysThereWasNoMessageForNull() {
        assertThat(OneLine.of(null)).isEqualTo("no message");
    }
}
