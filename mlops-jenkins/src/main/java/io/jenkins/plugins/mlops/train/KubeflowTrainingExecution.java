package io.jenkins.plugins.mlops.train;

import hudson.FilePath;
import io.jenkins.plugins.mlops.DurableStepExecution;
import io.jenkins.plugins.mlops.RemoteSession;
import io.jenkins.plugins.mlops.StepEnvironment;
import io.jenkins.plugins.mlops.config.CredentialsLookup;
import io.jenkins.plugins.mlops.config.KfpSettings;
import io.jenkins.plugins.mlops.config.MlflowSettings;
import io.jenkins.plugins.mlops.config.MlopsConfiguration;
import io.mlopsbridge.http.HttpSettings;
import io.mlopsbridge.kfp.KfpConfig;
import io.mlopsbridge.kfp.KfpRun;
import io.mlopsbridge.log.SecretMasker;
import io.mlopsbridge.mlflow.MlflowConfig;
import io.mlopsbridge.train.KfpTrainingHandle;
import java.io.Serial;
import java.util.ArrayList;
import java.util.List;
import org.jenkinsci.plugins.workflow.steps.StepContext;

/** {@code trainModel(kubeflow: ...)}: a Kubeflow run waited for durably (see {@link DurableStepExecution}). */
final class KubeflowTrainingExecution extends DurableStepExecution<KfpTrainingHandle, KfpRun> {
    @Serial
    private static final long serialVersionUID = 1L;

    private final TrainSpec spec;

    KubeflowTrainingExecution(StepContext context, TrainSpec spec) {
        super(context);
        this.spec = spec;
    }

    @Override
    protected String describe(KfpTrainingHandle handle) {
        return "KFP run " + handle.kfpRunId();
    }

    @Override
    protected RemoteSession<KfpTrainingHandle, KfpRun> connect() throws Exception {
        StepEnvironment build = StepEnvironment.of(getContext());
        MlopsConfiguration global = MlopsConfiguration.get();
        CredentialsLookup credentials = new CredentialsLookup(build.run());
        KfpConfig kfp = KfpSettings.resolve(spec.kubeflowUrl(), spec.kubeflowCredentialsId(),
                spec.kubeflowNamespace(), global, credentials, HttpSettings.defaults());
        MlflowConfig mlflow = spec.mlflowUrl() == null && global.getMlflowUrl() == null ? null
                : MlflowSettings.resolve(spec.mlflowUrl(), spec.mlflowCredentialsId(), global, credentials);
        List<String> secrets = new ArrayList<>(kfp.credentials().secrets());
        if (mlflow != null) {
            secrets.addAll(mlflow.credentials().secrets());
        }
        return new KubeflowTrainingSession(spec, getContext().get(FilePath.class), build, global, kfp, mlflow,
                build.log(secrets), SecretMasker.of(secrets));
    }
}
