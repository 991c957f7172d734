package io.jenkins.plugins.mlops.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;


import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * checkDrift's {@code delimiter} and {@code quote}: a CSV export that is not comma-separated (semicolons, as
 * spreadsheets write it where the comma is the decimal separator) is read as {@code mlops drift --delimiter} and
 * {@code --quote} read it; a value that is not one character fails the call naming the parameter.
 */
class DelimiterAndQuoteTest {
    @TempDir
    Path workspace;

    /** Two weeks of card transactions exported by a European spreadsheet: semicolons, quoted merchant names. */
    @BeforeEach
    void semicolonSeparatedTransactions() throws IOException {
        Files.createDirectories(workspace.resolve("data"));
        StringBuilder train = new StringBuilder("amount;channel;merchant\n");
        StringBuilder lastWeek = new StringBuilder("amount;channel;merchant\n");
        String[] channels = {"web", "pos", "app"};
        String[] merchants = {"'Café; Bar Roma'", "'Libreria Rossi'", "'Kiosk 7; Hbf'"};
        for (int i = 0; i < 400; i++) {
            train.append(40 + (i * 37) % 90).append(';').append(channels[i % 3]).append(';')
                    .append(merchants[i % 3]).append('\n');
            lastWeek.append(95 + (i * 53) % 120).append(';').append(channels[(i / 2) % 3]).append(';')
                    .append(merchants[i % 2]).append('\n');
        }
        Files.writeString(workspace.resolve("data/train.csv"), train);
        Files.writeString(workspace.resolve("data/last-week.csv"), lastWeek);
    }

    @Test
    void aSemicolonSeparatedExportWithItsOwnQuoteGivesTheCommandLinesAnswer() throws IOException {
        CheckDriftStep step = new CheckDriftStep("data/train.csv", "data/last-week.csv");
        step.setDelimiter(";");
        step.setQuote("'");

        Map<String, Object> result = AgentAnswers.ofStep(workspace, step);

        Map<String, Object> cli = AgentAnswers.ofCommandLine(workspace, "data/train.csv", "data/last-week.csv",
                "--delimiter", ";", "--quote", "'");
        assertThat(result.get("columns")).isEqualTo(cli.get("columns"));
        assertThat(result.get("driftShare")).isEqualTo(cli.get("driftShare"));
        assertThat(result.get("drifted")).isEqualTo(cli.get("drifted"));
    }

    @Test
    void aDelimiterOfMoreThanOneCharacterFailsTheCallNamingDelimiter() {
        CheckDriftStep step = new CheckDriftStep("data/train.csv", "data/last-week.csv");

        assertThatThrownBy(() -> step.setDelimiter(";;")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("delimiter must be one character, got ';;'").hasMessageNotContaining("--");
    }

    @Test
    void aQuoteOfMoreThanOneCharacterFailsTheCallNamingQuote() {
        CheckDriftStep step = new CheckDriftStep("data/train.csv", "data/last-week.csv");

        assertThatThrownBy(() -> step.setQuote("''")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("quote must be one character, got ''''").hasMessageNotContaining("--");
    }

    @Test
    void aDelimiterThatIsAlsoTheQuoteFailsTheStepNamingBothBeforeAnyFileIsRead() {
        CheckDriftStep step = new CheckDriftStep("data/train.csv", "data/last-week.csv");
        step.setDelimiter("\""); // the default quote

        assertThat(AgentAnswers.refusal(workspace, step))
                .startsWith("CSV delimiter and quote must be two different ASCII characters")
                .contains("delimiter ';' quote").doesNotContain("--").doesNotContain("\n");
    }

    @Test
    void aTabIsADelimiterAsOnTheCommandLineNotABlankValue() {
        CheckDriftStep step = new CheckDriftStep("data/train.csv", "data/last-week.csv");

        step.setDelimiter("\t");

        assertThat(step.getDelimiter()).isEqualTo("\t");
    }
}
