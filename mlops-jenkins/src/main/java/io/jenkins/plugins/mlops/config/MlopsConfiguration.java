package io.jenkins.plugins.mlops.config;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.ExtensionList;
import jenkins.model.GlobalConfiguration;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * The plugin's global configuration ({@code Manage Jenkins > System > MLOps Bridge}; in JCasC
 * {@code unclassified: mlops:}). Every step may override each value per call. Holds credential ids only; the
 * secrets stay in Jenkins' credential store and are looked up per build.
 */
@Extension
@Symbol("mlops")
public class MlopsConfiguration extends GlobalConfiguration {
    /** Alias a registered version gets when its gate passes, as the CLI's {@code --alias} default. */
    public static final String DEFAULT_CANDIDATE_ALIAS = "candidate";
    /** Alias that names the version in production, the gate's {@code champion.<metric>}. */
    public static final String DEFAULT_CHAMPION_ALIAS = "champion";

    private String mlflowUrl;
    private String mlflowCredentialsId;
    private String kubeflowUrl;
    private String kubeflowCredentialsId;
    private String kubeflowNamespace;
    private String kubeconfigCredentialsId;
    private String kubernetesServerUrl;
    private String kubernetesCredentialsId;
    private String candidateAlias = DEFAULT_CANDIDATE_ALIAS;
    private String championAlias = DEFAULT_CHAMPION_ALIAS;
    private String releaseVersionPattern;

    public MlopsConfiguration() {
        load();
    }

    public static MlopsConfiguration get() {
        return ExtensionList.lookupSingleton(MlopsConfiguration.class);
    }

    @NonNull
    @Override
    public String getDisplayName() {
        return "MLOps Bridge";
    }

    public String getMlflowUrl() {
        return mlflowUrl;
    }

    @DataBoundSetter
    public void setMlflowUrl(String mlflowUrl) {
        this.mlflowUrl = blankToNull(mlflowUrl);
        save();
    }

    public String getMlflowCredentialsId() {
        return mlflowCredentialsId;
    }

    @DataBoundSetter
    public void setMlflowCredentialsId(String mlflowCredentialsId) {
        this.mlflowCredentialsId = blankToNull(mlflowCredentialsId);
        save();
    }

    public String getKubeflowUrl() {
        return kubeflowUrl;
    }

    @DataBoundSetter
    public void setKubeflowUrl(String kubeflowUrl) {
        this.kubeflowUrl = blankToNull(kubeflowUrl);
        save();
    }

    public String getKubeflowCredentialsId() {
        return kubeflowCredentialsId;
    }

    @DataBoundSetter
    public void setKubeflowCredentialsId(String kubeflowCredentialsId) {
        this.kubeflowCredentialsId = blankToNull(kubeflowCredentialsId);
        save();
    }

    public String getKubeflowNamespace() {
        return kubeflowNamespace;
    }

    @DataBoundSetter
    public void setKubeflowNamespace(String kubeflowNamespace) {
        this.kubeflowNamespace = blankToNull(kubeflowNamespace);
        save();
    }

    /** A secret-file credential holding a kubeconfig; wins over server URL + token when both are set. */
    public String getKubeconfigCredentialsId() {
        return kubeconfigCredentialsId;
    }

    @DataBoundSetter
    public void setKubeconfigCredentialsId(String kubeconfigCredentialsId) {
        this.kubeconfigCredentialsId = blankToNull(kubeconfigCredentialsId);
        save();
    }

    public String getKubernetesServerUrl() {
        return kubernetesServerUrl;
    }

    @DataBoundSetter
    public void setKubernetesServerUrl(String kubernetesServerUrl) {
        this.kubernetesServerUrl = blankToNull(kubernetesServerUrl);
        save();
    }

    /** A secret-text credential holding a service-account token, used with {@link #getKubernetesServerUrl()}. */
    public String getKubernetesCredentialsId() {
        return kubernetesCredentialsId;
    }

    @DataBoundSetter
    public void setKubernetesCredentialsId(String kubernetesCredentialsId) {
        this.kubernetesCredentialsId = blankToNull(kubernetesCredentialsId);
        save();
    }

    public String getCandidateAlias() {
        return candidateAlias;
    }

    @DataBoundSetter
    public void setCandidateAlias(String candidateAlias) {
        String alias = blankToNull(candidateAlias);
        this.candidateAlias = alias == null ? DEFAULT_CANDIDATE_ALIAS : alias;
        save();
    }

    public String getChampionAlias() {
        return championAlias;
    }

    @DataBoundSetter
    public void setChampionAlias(String championAlias) {
        String alias = blankToNull(championAlias);
        this.championAlias = alias == null ? DEFAULT_CHAMPION_ALIAS : alias;
        save();
    }

    /**
     * How a release version is made when a step is given none, with the build's variables, e.g.
     * {@code ${BUILD_NUMBER}-${GIT_COMMIT}}; empty for the engine's default ({@code <build>-<short sha>}).
     */
    public String getReleaseVersionPattern() {
        return releaseVersionPattern;
    }

    @DataBoundSetter
    public void setReleaseVersionPattern(String releaseVersionPattern) {
        this.releaseVersionPattern = blankToNull(releaseVersionPattern);
        save();
    }

    static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
