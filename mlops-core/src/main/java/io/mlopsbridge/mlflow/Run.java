package io.mlopsbridge.mlflow;

/** An MLflow run: its info, its latest metrics/params/tags and its dataset inputs. */
public record Run(RunInfo info, RunData data, RunInputs inputs) {
    public Run {
        data = data == null ? new RunData(null, null, null) : data;
        inputs = inputs == null ? new RunInputs(null) : inputs;
    }

    public String runId() {
        return info.runId();
    }
}
