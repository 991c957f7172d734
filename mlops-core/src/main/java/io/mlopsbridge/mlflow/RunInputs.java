package io.mlopsbridge.mlflow;

import java.util.List;

/** The datasets a run recorded as its inputs. */
public record RunInputs(List<DatasetInput> datasetInputs) {
    public RunInputs {
        datasetInputs = Tag.orEmpty(datasetInputs);
    }
}
