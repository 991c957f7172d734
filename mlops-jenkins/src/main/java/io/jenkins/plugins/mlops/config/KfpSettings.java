package io.jenkins.plugins.mlops.config;

import io.mlopsbridge.core.MlopsException;
import io.mlopsbridge.http.Credentials;
import io.mlopsbridge.http.HttpSettings;
import io.mlopsbridge.kfp.KfpConfig;

/** Which Kubeflow Pipelines server a step talks to: the step's own values, else the global configuration's. */
public final class KfpSettings {
    private KfpSettings() {
    }

    /**
     * The server, its UI (where run links point; the server's URL unless the step gives one), namespace and token
     * for one build. The token is looked up in the credential store on every request, so a token rotated in its
     * credential while a run is being waited for is picked up at the next poll.
     */
    public static KfpConfig resolve(String stepUrl, String stepUiUrl, String stepCredentialsId, String stepNamespace,
                                    MlopsConfiguration global, CredentialsLookup credentials, HttpSettings http) {
        String url = MlopsConfiguration.blankToNull(stepUrl) != null ? stepUrl : global.getKubeflowUrl();
        if (url == null) {
            throw MlopsException.input("kubeflowUrl: no Kubeflow Pipelines server given",
                    "pass kubeflowUrl: 'https://kubeflow.example.com/pipeline' or set it in Manage Jenkins > "
                            + "System > MLOps Bridge");
        }
        String id = MlopsConfiguration.blankToNull(stepCredentialsId) != null ? stepCredentialsId.strip()
                : global.getKubeflowCredentialsId();
        String namespace = MlopsConfiguration.blankToNull(stepNamespace) != null ? stepNamespace
                : global.getKubeflowNamespace();
        KfpConfig config = KfpConfig.of(url).withNamespace(namespace).withHttp(http);
        if (MlopsConfiguration.blankToNull(stepUiUrl) != null) {
            config = config.withUiUrl(stepUiUrl);
        }
        if (id == null) {
            return config;
        }
        credentials.secretText(id, "kubeflowCredentialsId"); // fails now, naming the parameter, if it is missing
        return config.withCredentials(Credentials.bearer(() -> credentials.secretText(id, "kubeflowCredentialsId")));
    }
}
