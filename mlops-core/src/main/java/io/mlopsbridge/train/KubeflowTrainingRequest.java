package io.mlopsbridge.train;

import static io.mlopsbridge.train.TrainInputNames.RELEASE_VERSION;

import io.mlopsbridge.core.MlopsException;
import io.mlopsbridge.kfp.PipelineSpecFile;
import io.mlopsbridge.wait.WaitPolicy;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A compiled pipeline to run on Kubeflow Pipelines for a release.
 *
 * @param pipeline       the compiled YAML
 * @param pipelineName   the KFP pipeline to publish to, or null for {@code pipelineInfo.name}
 * @param releaseVersion names the pipeline version and is passed as {@code release_version} when declared
 * @param experimentName KFP experiment and MLflow experiment, or null for the pipeline name
 * @param parameters     runtime parameters as text (command line) or typed values (Jenkinsfile)
 * @param runName        KFP run display name, or null for {@code <pipeline> <release>}
 * @param serviceAccount Kubernetes service account for the run's pods, or null for the server's default
 * @param waitPolicy     poll intervals and timeout
 */
public record KubeflowTrainingRequest(PipelineSpecFile pipeline, String pipelineName, String releaseVersion,
                                      String experimentName, Map<String, ?> parameters, String runName,
                                      String serviceAccount, WaitPolicy waitPolicy) {

    public KubeflowTrainingRequest {
        Objects.requireNonNull(pipeline, "pipeline");
        if (releaseVersion == null || releaseVersion.isBlank()) {
            throw MlopsException.input("no release version given for the pipeline version",
                    "pass " + RELEASE_VERSION + ", e.g. the build's semantic version or git SHA");
        }
        pipelineName = pipelineName == null || pipelineName.isBlank() ? pipeline.pipelineName() : pipelineName;
        experimentName = experimentName == null || experimentName.isBlank() ? pipelineName : experimentName;
        parameters = parameters == null ? Map.of() : java.util.Collections.unmodifiableMap(
                new LinkedHashMap<>(parameters));
        runName = runName == null || runName.isBlank() ? pipelineName + " " + releaseVersion : runName;
        waitPolicy = waitPolicy == null ? WaitPolicy.withDefaults() : waitPolicy;
    }
}
