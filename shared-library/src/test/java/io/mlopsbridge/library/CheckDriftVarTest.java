package io.mlopsbridge.library;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.mlopsbridge.mlflow.MlflowClient;
import io.mlopsbridge.mlflow.MlflowServer;
import io.mlopsbridge.mlflow.MlflowServerExtension;
import io.mlopsbridge.mlflow.TrainingRuns;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.junit.Before;
import org.junit.Test;

/** {@code checkDrift} from the library: `mlops drift` on files in the workspace, the trigger state in MLflow. */
public class CheckDriftVarTest extends LibraryPipelineTest {
    private final MlflowServer server = MlflowServerExtension.server();
    private final MlflowClient mlflow = server.client();

    @Before
    public void transactions() throws IOException {
        agent.env("MLFLOW_TRACKING_URI", server.trackingUri());
        writeTransactions("data/train.csv", 1, 0.0);
        writeTransactions("data/same-week.csv", 2, 0.0);
        writeTransactions("data/shifted-week.csv", 3, 2.0);
    }

    /** Card transactions: amount shifts by {@code shift} standard deviations; the channel mix is the same in every file. */
    private void writeTransactions(String file, long seed, double shift) {
        Random random = new Random(seed);
        List<String> lines = new ArrayList<>(List.of("amount,channel"));
        String[] channels = {"web", "store", "app"};
        for (int i = 0; i < 600; i++) {
            lines.add(String.format(Locale.ROOT, "%.2f,%s", 80 + 25 * shift + 25 * random.nextGaussian(),
                    channels[i % channels.length]));
        }
        agent.writeFile(file, String.join("\n", lines) + "\n");
    }

    @Test
    public void sameDataPassesAndWritesEveryReportIntoTheWorkspace() throws IOException {
        Map<?, ?> result = (Map<?, ?>) runPipeline("""
                checkDrift(reference: 'data/train.csv', current: 'data/same-week.csv',
                           html: 'reports/drift.html', json: 'reports/drift.json', junit: 'reports/drift.xml')
                """);

        assertThat(buildResult()).isEqualTo("SUCCESS");
        assertThat(result.get("drifted")).isEqualTo(false);
        assertThat((List<?>) result.get("columns")).hasSize(2);
        assertThat(Files.readString(agent.resolve("reports/drift.html"))).contains("<html");
        assertThat(Files.readString(agent.resolve("reports/drift.xml"))).contains("<testsuite");
        Map<?, ?> written = new ObjectMapper().readValue(agent.resolve("reports/drift.json").toFile(), Map.class);
        assertThat(written.get("driftShare")).isEqualTo(result.get("driftShare"));
        assertThat(written.keySet()).isEqualTo(result.keySet());
    }

    @Test
    public void aJsonReportNamedLikeTheReferenceIsRefusedAndTheReferenceKept() throws IOException {
        String reference = Files.readString(agent.resolve("data/train.csv"));

        assertThatThrownBy(() -> runPipeline("""
                checkDrift(reference: 'data/train.csv', current: 'data/same-week.csv', json: 'data/train.csv')
                """))
                .isInstanceOf(PipelineFailure.class)
                .hasMessage("checkDrift: json data/train.csv is the reference file");
        assertThat(Files.readString(agent.resolve("data/train.csv"))).isEqualTo(reference);
    }

    @Test
    public void aJsonReportNamedLikeTheHtmlReportIsRefused() {
        assertThatThrownBy(() -> runPipeline("""
                checkDrift(reference: 'data/train.csv', current: 'data/same-week.csv',
                           html: 'reports/drift.out', json: 'reports/drift.out')
                """))
                .isInstanceOf(PipelineFailure.class)
                .hasMessageContaining("reports/drift.out is the same file as");
        assertThat(agent.resolve("reports/drift.out")).doesNotExist();
    }

    /** picocli, not the engine, refuses a word for a number option: the var's parameter is still what is named. */
    @Test
    public void aThresholdThatIsNotANumberIsRefusedNamingTheParameter() {
        assertThatThrownBy(() -> runPipeline("""
                checkDrift(reference: 'data/train.csv', current: 'data/same-week.csv', threshold: 'high')
                """))
                .isInstanceOf(PipelineFailure.class)
                .hasMessage("checkDrift: threshold: 'high' is not a number");
    }

    @Test
    public void aBlankJsonIsNotGivenAsInThePluginsStep() {
        Map<?, ?> result = (Map<?, ?>) runPipeline("""
                checkDrift(reference: 'data/train.csv', current: 'data/same-week.csv', json: '')
                """);

        assertThat(buildResult()).isEqualTo("SUCCESS");
        assertThat(result.get("drifted")).isEqualTo(false);
    }

    @Test
    public void driftFailsTheBuildByDefaultNamingTheDriftedColumns() {
        assertThatThrownBy(() -> runPipeline("""
                checkDrift(reference: 'data/train.csv', current: 'data/shifted-week.csv')
                """))
                .isInstanceOf(PipelineFailure.class)
                .hasMessageStartingWith("checkDrift: data drifted: 1 of 2 columns (share 0.50)")
                .hasMessageEndingWith(": amount");
        assertThat(buildResult()).isEqualTo("FAILURE");
    }

    @Test
    public void driftWithOnDriftUnstableMarksTheBuildAndTriggersRetrainingOncePerCooldown() {
        String model = TrainingRuns.modelName("fraud-detector");
        mlflow.createRegisteredModel(model, null, List.of());
        variable("MODEL", model);
        String check = """
                checkDrift(reference: 'data/train.csv', current: 'data/shifted-week.csv', model: MODEL,
                           cooldown: '24h', onDrift: 'unstable')
                """;

        Map<?, ?> first = (Map<?, ?>) runPipeline(check);
        Map<?, ?> second = (Map<?, ?>) runPipeline(check);

        assertThat(buildResult()).isEqualTo("UNSTABLE");
        assertThat(first.get("drifted")).isEqualTo(true);
        assertThat(((Map<?, ?>) first.get("retrain")).get("retrain")).isEqualTo(true);
        assertThat(((Map<?, ?>) second.get("retrain")).get("retrain")).isEqualTo(false);
        assertThat(mlflow.getRegisteredModel(model).tags())
                .anyMatch(t -> t.key().equals("mlops.drift.last_retrain_trigger"));
    }

    @Test
    public void onDriftNoneReturnsTheVerdictAndLeavesTheBuildAlone() {
        Map<?, ?> result = (Map<?, ?>) runPipeline("""
                checkDrift(reference: 'data/train.csv', current: 'data/shifted-week.csv', onDrift: 'none')
                """);

        assertThat(buildResult()).isEqualTo("SUCCESS");
        assertThat(result.get("drifted")).isEqualTo(true);
        assertThat(result.get("driftedCount")).isEqualTo(1);
    }

    @Test
    public void moreBadRowsThanMaxBadRowsFailTheCheck() {
        agent.writeFile("data/broken-week.csv", "amount,channel\n81.20,web\n79.90,store,EXTRA\n80.10,app,EXTRA\n");

        assertThatThrownBy(() -> runPipeline("""
                checkDrift(reference: 'data/train.csv', current: 'data/broken-week.csv', maxBadRows: 1)
                """))
                .isInstanceOf(PipelineFailure.class)
                .hasMessageContaining("more than 1 bad rows");
    }

    @Test
    public void aMissingCurrentFileFailsWithTheCliOneLineMessage() {
        assertThatThrownBy(() -> runPipeline("""
                checkDrift(reference: 'data/train.csv', current: 'data/no-such-week.csv')
                """))
                .isInstanceOf(PipelineFailure.class)
                .hasMessageStartingWith("checkDrift: ")
                .hasMessageContaining("no-such-week.csv")
                .hasMessageNotContaining("\n");
    }

    /** String.valueOf would have passed '[data/a.csv, data/b.csv]' on as one file name. */
    @Test
    public void aListWhereOneFileGoesIsOneLineBeforeAnythingRuns() {
        assertThatThrownBy(() -> runPipeline("""
                checkDrift(reference: 'data/train.csv', current: ['data/same-week.csv', 'data/shifted-week.csv'])
                """))
                .isInstanceOf(PipelineFailure.class)
                .hasMessage("checkDrift: parameter 'current' takes one value, got a list of 2");
        assertThat(getHelper().methodCallCount("sh")).isZero();
    }

    /** A text columnMethod was left out without a word, so the check ran with the default method. */
    @Test
    public void aColumnMethodThatIsNotAMapIsOneLineBeforeAnythingRuns() {
        assertThatThrownBy(() -> runPipeline("""
                checkDrift(reference: 'data/train.csv', current: 'data/same-week.csv', columnMethod: 'psi')
                """))
                .isInstanceOf(PipelineFailure.class)
                .hasMessage("checkDrift: parameter 'columnMethod' must be a map, e.g. columnMethod: [amount: 'psi']");
        assertThat(getHelper().methodCallCount("sh")).isZero();
    }

    @Test
    public void anUnknownOnDriftIsOneLineBeforeAnythingRuns() {
        assertThatThrownBy(() -> runPipeline("""
                checkDrift(reference: 'data/train.csv', current: 'data/same-week.csv', onDrift: 'warn')
                """))
                .isInstanceOf(PipelineFailure.class)
                .hasMessage("checkDrift: parameter 'onDrift' must be 'fail', 'unstable' or 'none', got 'warn'");
        assertThat(getHelper().methodCallCount("sh")).isZero();
    }
}
