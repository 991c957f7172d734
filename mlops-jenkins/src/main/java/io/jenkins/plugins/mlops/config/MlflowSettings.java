package io.jenkins.plugins.mlops.config;

import io.mlopsbridge.core.MlopsException;
import io.mlopsbridge.http.Credentials;
import io.mlopsbridge.mlflow.MlflowConfig;

/** Which MLflow server a step talks to: the step's own values, else the global configuration's. */
public final class MlflowSettings {
    private MlflowSettings() {
    }

    /**
     * The server and its credentials for one build. Nothing is contacted here; a missing URL or credential is an
     * input error naming the parameter.
     */
    public static MlflowConfig resolve(String stepUrl, String stepCredentialsId, MlopsConfiguration global,
                                       CredentialsLookup credentials) {
        String url = MlopsConfiguration.blankToNull(stepUrl) != null ? stepUrl : global.getMlflowUrl();
        if (url == null) {
            throw MlopsException.input("mlflowUrl: no MLflow server given",
                    "pass mlflowUrl: 'https://mlflow.example.com' or set it in Manage Jenkins > System > MLOps Bridge");
        }
        String id = MlopsConfiguration.blankToNull(stepCredentialsId) != null ? stepCredentialsId.strip()
                : global.getMlflowCredentialsId();
        Credentials auth = credentials.http(id, "mlflowCredentialsId");
        return MlflowConfig.of(url, auth);
    }
}
