package io.jenkins.plugins.mlops.train;

import static io.jenkins.plugins.mlops.harness.ConfigurationPage.saved;
import static org.assertj.core.api.Assertions.assertThat;

import io.mlopsbridge.kfp.ExamplePipelines;
import io.mlopsbridge.kfp.RuntimeParameters;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The Freestyle training step's form: {@code parameters}, a map in the Pipeline step, is typed one
 * {@code NAME=VALUE} per line, and saving the job's configuration page keeps it. What counts is what the Kubeflow
 * run is sent: the values as the engine binds them to the pipeline's declared types. The page is saved as Stapler
 * binds it ({@code ConfigurationPage}). No build, no Kubeflow and no MLflow.
 */
class TrainModelBuilderFormTest {
    private static TrainModelStep step() {
        TrainModelStep step = new TrainModelStep();
        step.setKubeflow("pipelines/fraud.yaml");
        step.setExperiment("fraud");
        return step;
    }

    /** What the Kubeflow run is sent for {@code step}'s parameters. */
    private static Map<String, Object> sent(TrainModelStep step) {
        return RuntimeParameters.bind("fraud-training", ExamplePipelines.parametersOfEachType(),
                step.getParameters());
    }

    @Test
    void parametersFromTheJobsConfigurationSurviveTwoSavesOfTheConfigurationPage() {
        // As config.xml (or Job DSL) sets them: a map of typed values on the step.
        TrainModelStep step = step();
        step.setParameters(Map.of("n_estimators", 300, "learning_rate", 0.05, "early_stopping", true,
                "features", List.of("amount", "merchant_category"), "data_path", "gs://fraud-data/2026-11/train.csv"));

        TrainModelBuilder builder = saved(saved(new TrainModelBuilder(step)));

        assertThat(sent(builder.getStep())).isEqualTo(sent(step));
    }

    @Test
    void aParameterLineIsTextThatThePipelinesDeclaredTypeConverts() {
        TrainModelBuilder builder = new TrainModelBuilder(step());

        builder.setParameters("n_estimators = 300\n\nlearning_rate=0.05\r\nearly_stopping=true\n"
                + "features=[\"amount\", \"merchant_category\"]\nrun_label=300\n");

        assertThat(builder.getStep().getParameters()).isEqualTo(Map.of("n_estimators", "300",
                "learning_rate", "0.05", "early_stopping", "true", "features", "[\"amount\", \"merchant_category\"]",
                "run_label", "300"));
        assertThat(sent(builder.getStep())).containsEntry("n_estimators", 300L).containsEntry("learning_rate", 0.05)
                .containsEntry("early_stopping", true).containsEntry("run_label", "300");
        assertThat(sent(builder.getStep()).get("features")).hasToString("[\"amount\",\"merchant_category\"]");
    }

    @Test
    void typedParametersAreShownAsTheLinesThatGiveTheSameValuesByName() {
        TrainModelStep step = step();
        step.setParameters(Map.of("n_estimators", 300, "features", List.of("amount", "merchant_category"),
                "data_path", "gs://fraud-data/2026-11/train.csv"));

        assertThat(new TrainModelBuilder(step).getParameters()).isEqualTo("""
                data_path=gs://fraud-data/2026-11/train.csv
                features=["amount","merchant_category"]
                n_estimators=300""");
    }

    @Test
    void aMalformedParameterLineIsFlaggedAsTypedNamingTheField() {
        assertThat(new TrainModelBuilder.DescriptorImpl().doCheckParameters("n_estimators=300\nlearning_rate 0.05")
                .getMessage()).isEqualTo("parameters line 2 'learning_rate 0.05' is not KEY=VALUE: write one parameter"
                        + " per line as NAME=VALUE, e.g. n_estimators=300");
    }
}
