package io.jenkins.plugins.mlops.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * checkDrift's {@code columnMethod} and {@code columnThreshold}: a column's own test and threshold, given in a
 * Jenkinsfile as maps ({@code columnMethod: [age: 'psi'], columnThreshold: [amount: 0.2]}) and checked as
 * {@code mlops drift --column-method age=psi --column-threshold amount=0.2} checks them.
 */
class ColumnOverridesTest {
    @TempDir
    Path workspace;

    /** Card transactions: last week's amounts and ages moved a little. */
    @BeforeEach
    void twoWeeksOfTransactions() throws IOException {
        Files.createDirectories(workspace.resolve("data"));
        Files.writeString(workspace.resolve("data/train.csv"), transactions(1, 0));
        Files.writeString(workspace.resolve("data/last-week.csv"), transactions(2, 6));
    }

    private static String transactions(long seed, double shift) {
        Random random = new Random(seed);
        StringBuilder csv = new StringBuilder("amount,age,channel\n");
        String[] channels = {"web", "pos", "app"};
        for (int i = 0; i < 800; i++) {
            csv.append(String.format(java.util.Locale.ROOT, "%.2f,%d,%s%n", 60 + shift + 25 * random.nextGaussian(),
                    18 + (int) shift + random.nextInt(60), channels[random.nextInt(3)]));
        }
        return csv.toString();
    }

    /** A Jenkinsfile's map literal: Groovy keeps {@code 0.2} a number whatever type the parameter declares. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Map<String, String> groovyMap(Object... keysAndValues) {
        Map map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    @Test
    void aColumnsOwnMethodAndThresholdGiveTheCommandLinesAnswer() throws IOException {
        CheckDriftStep step = new CheckDriftStep("data/train.csv", "data/last-week.csv");
        step.setColumnMethod(groovyMap("age", "psi", "amount", "wasserstein"));
        step.setColumnThreshold(groovyMap("amount", 0.2));

        Map<String, Object> result = AgentAnswers.ofStep(workspace, step);

        Map<String, Object> cli = AgentAnswers.ofCommandLine(workspace, "data/train.csv", "data/last-week.csv",
                "--column-method", "age=psi", "--column-method", "amount=wasserstein",
                "--column-threshold", "amount=0.2");
        assertThat(result.get("columns")).isEqualTo(cli.get("columns"));
        assertThat(result.get("drifted")).isEqualTo(cli.get("drifted"));
    }

    @Test
    void anUnknownColumnMethodFailsTheCallNamingColumnMethodAndTheMethods() {
        CheckDriftStep step = new CheckDriftStep("data/train.csv", "data/last-week.csv");

        assertThatThrownBy(() -> step.setColumnMethod(groovyMap("age", "kolmogorov")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("columnMethod: unknown drift method 'kolmogorov' (use one of auto, ks, psi");
    }

    @Test
    void aColumnThresholdThatIsNoNumberFailsTheCallNamingColumnThreshold() {
        CheckDriftStep step = new CheckDriftStep("data/train.csv", "data/last-week.csv");

        assertThatThrownBy(() -> step.setColumnThreshold(groovyMap("amount", "high")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("columnThreshold amount=high: 'high' is not a number (e.g. columnThreshold: [amount: 0.2])");
    }

    @Test
    void aColumnMethodForAColumnThatIsNotComparedFailsTheStepNamingColumnMethod() {
        CheckDriftStep step = new CheckDriftStep("data/train.csv", "data/last-week.csv");
        step.setColumns(List.of("amount", "age"));
        step.setColumnMethod(groovyMap("channel", "chi2"));

        assertThat(AgentAnswers.refusal(workspace, step))
                .isEqualTo("columnMethod names column 'channel', which is not compared (compared columns: amount, age)");
    }
}
