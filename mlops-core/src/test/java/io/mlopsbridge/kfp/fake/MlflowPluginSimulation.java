package io.mlopsbridge.kfp.fake;

import io.mlopsbridge.kfp.RunState;
import java.util.Map;

/**
 * What the KFP server's MLflow plugin does around a run: at CreateRun it creates a root MLflow run in an experiment;
 * as tasks finish the launcher logs their metrics there; at the end the plugin closes the run.
 */
public interface MlflowPluginSimulation {

    /** Where the plugin put the run: the {@code plugins_output.mlflow.entries}. */
    record Started(String experimentName, String experimentId, String rootRunId, String runUrl) {
    }

    Started start(String experimentName, String kfpRunId, Map<String, Object> parameters);

    void finish(String rootRunId, RunState finalState);
}
