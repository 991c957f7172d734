package io.jenkins.plugins.mlops.config;

import com.cloudbees.plugins.credentials.common.StandardCredentials;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.ExtensionList;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import java.util.List;
import jenkins.model.Jenkins;
import jenkins.model.GlobalConfiguration;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;
import org.jenkinsci.plugins.plaincredentials.FileCredentials;
import org.jenkinsci.plugins.plaincredentials.StringCredentials;

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
    private boolean useControllerClusterAccess;
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

    /**
     * Whether a cluster deployment given no access (no kubeconfig credential, no server URL, on the step or here)
     * uses what {@code kubectl} on the controller would: its kubeconfig, else the service account of the pod it runs
     * in. That is Jenkins' own identity, handed to every job that names no access, so only an administrator can turn
     * it on and it is off by default (also for configurations saved before it existed).
     */
    public boolean isUseControllerClusterAccess() {
        return useControllerClusterAccess;
    }

    @DataBoundSetter
    public void setUseControllerClusterAccess(boolean useControllerClusterAccess) {
        this.useControllerClusterAccess = useControllerClusterAccess;
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

    // ---- the configuration page's form methods (config.jelly). Each answers only an administrator and only to a
    // POST, so no one else can make Jenkins connect somewhere or learn which credentials exist (see the Jenkins
    // security advisories on form validation); the work is in ConnectionProbe, GlobalCredentials and UrlField.

    @POST
    public FormValidation doCheckMlflowUrl(@QueryParameter String value) {
        return administrator() ? UrlField.check(value, "MLflow") : FormValidation.ok();
    }

    @POST
    public FormValidation doCheckKubeflowUrl(@QueryParameter String value) {
        return administrator() ? UrlField.check(value, "Kubeflow Pipelines") : FormValidation.ok();
    }

    @POST
    public FormValidation doCheckKubernetesServerUrl(@QueryParameter String value) {
        return administrator() ? UrlField.check(value, "Kubernetes API server") : FormValidation.ok();
    }

    @POST
    public ListBoxModel doFillMlflowCredentialsIdItems(@QueryParameter String mlflowCredentialsId) {
        return picker(mlflowCredentialsId, GlobalCredentials.HTTP);
    }

    @POST
    public ListBoxModel doFillKubeflowCredentialsIdItems(@QueryParameter String kubeflowCredentialsId) {
        return picker(kubeflowCredentialsId, GlobalCredentials.HTTP);
    }

    @POST
    public ListBoxModel doFillKubeconfigCredentialsIdItems(@QueryParameter String kubeconfigCredentialsId) {
        return picker(kubeconfigCredentialsId, List.of(FileCredentials.class));
    }

    @POST
    public ListBoxModel doFillKubernetesCredentialsIdItems(@QueryParameter String kubernetesCredentialsId) {
        return picker(kubernetesCredentialsId, List.of(StringCredentials.class));
    }

    @POST
    public FormValidation doTestMlflowConnection(@QueryParameter String mlflowUrl,
                                                 @QueryParameter String mlflowCredentialsId) {
        return administrator() ? ConnectionProbe.mlflow(mlflowUrl, mlflowCredentialsId) : notAdministrator();
    }

    @POST
    public FormValidation doTestKubeflowConnection(@QueryParameter String kubeflowUrl,
                                                   @QueryParameter String kubeflowCredentialsId,
                                                   @QueryParameter String kubeflowNamespace) {
        return administrator() ? ConnectionProbe.kubeflow(kubeflowUrl, kubeflowCredentialsId, kubeflowNamespace)
                : notAdministrator();
    }

    @POST
    public FormValidation doTestKubernetesConnection(@QueryParameter String kubeconfigCredentialsId,
                                                     @QueryParameter String kubernetesServerUrl,
                                                     @QueryParameter String kubernetesCredentialsId) {
        return administrator()
                ? ConnectionProbe.kubernetes(kubeconfigCredentialsId, kubernetesServerUrl, kubernetesCredentialsId)
                : notAdministrator();
    }

    private static boolean administrator() {
        return Jenkins.get().hasPermission(Jenkins.ADMINISTER);
    }

    private static FormValidation notAdministrator() {
        return FormValidation.error("Testing a connection needs the Overall/Administer permission");
    }

    /** Someone else sees only the saved id (so saving the page keeps it), never the list of credentials. */
    private static ListBoxModel picker(String current, List<Class<? extends StandardCredentials>> types) {
        if (!administrator()) {
            ListBoxModel saved = new ListBoxModel();
            saved.add(current == null ? "" : current, current == null ? "" : current);
            return saved;
        }
        return GlobalCredentials.picker(current, types);
    }
}
