package io.mlopsbridge.lineage;

import io.mlopsbridge.log.UrlSanitizer;
import java.util.Map;
import java.util.Optional;

/**
 * The CI build that produces a model: where its code came from and which job and build ran. Every field may be null
 * when unknown. Read it from the CI system's environment with {@link #fromEnvironment(Map)} or give it explicitly
 * (the Jenkins step fills it from the run).
 *
 * @param gitCommit    full commit SHA of the code
 * @param gitRepoUrl   repository URL, always without credentials
 * @param ciJob        job or pipeline name, e.g. {@code fraud/main}
 * @param buildNumber  build number within the job
 * @param buildUrl     link to the build's page
 * @param registeredBy who or what started it (a user name or the CI system's bot)
 */
public record BuildInfo(String gitCommit, String gitRepoUrl, String ciJob, String buildNumber, String buildUrl,
                        String registeredBy) implements java.io.Serializable {
    @java.io.Serial
    private static final long serialVersionUID = 1L;

    public BuildInfo {
        gitCommit = blankToNull(gitCommit);
        gitRepoUrl = withoutCredentials(blankToNull(gitRepoUrl));
        ciJob = blankToNull(ciJob);
        buildNumber = blankToNull(buildNumber);
        buildUrl = withoutCredentials(blankToNull(buildUrl));
        registeredBy = blankToNull(registeredBy);
    }

    public static BuildInfo none() {
        return new BuildInfo(null, null, null, null, null, null);
    }

    public static BuildInfo fromEnvironment() {
        return fromEnvironment(System.getenv());
    }

    /**
     * Reads Jenkins ({@code JENKINS_URL} or {@code BUILD_NUMBER}: GIT_COMMIT, GIT_URL, JOB_NAME, BUILD_NUMBER,
     * BUILD_URL, BUILD_USER_ID), GitHub Actions ({@code GITHUB_ACTIONS}) or GitLab CI ({@code GITLAB_CI}); the
     * local user name otherwise.
     */
    public static BuildInfo fromEnvironment(Map<String, String> env) {
        if ("true".equals(env.get("GITHUB_ACTIONS"))) {
            String server = env.getOrDefault("GITHUB_SERVER_URL", "https://github.com");
            String repo = env.get("GITHUB_REPOSITORY");
            String runId = env.get("GITHUB_RUN_ID");
            return new BuildInfo(env.get("GITHUB_SHA"),
                    repo == null ? null : server + "/" + repo,
                    repo == null ? env.get("GITHUB_WORKFLOW") : repo + "/" + env.get("GITHUB_WORKFLOW"),
                    env.get("GITHUB_RUN_NUMBER"),
                    repo == null || runId == null ? null : server + "/" + repo + "/actions/runs/" + runId,
                    env.get("GITHUB_ACTOR"));
        }
        if ("true".equals(env.get("GITLAB_CI"))) {
            return new BuildInfo(env.get("CI_COMMIT_SHA"), env.get("CI_PROJECT_URL"),
                    join(env.get("CI_PROJECT_PATH"), env.get("CI_JOB_NAME")),
                    env.get("CI_PIPELINE_IID"), env.get("CI_JOB_URL"), env.get("GITLAB_USER_LOGIN"));
        }
        String user = env.getOrDefault("BUILD_USER_ID", env.getOrDefault("USER", env.get("USERNAME")));
        return new BuildInfo(env.get("GIT_COMMIT"), env.get("GIT_URL"), env.get("JOB_NAME"),
                env.get("BUILD_NUMBER"), env.get("BUILD_URL"), user);
    }

    /**
     * {@code <job>#<build number>}: names this build across retries and restarts, so registering twice from the same
     * build finds the first version instead of making another. Empty unless both parts are known.
     */
    public Optional<String> buildKey() {
        return ciJob == null || buildNumber == null ? Optional.empty() : Optional.of(ciJob + "#" + buildNumber);
    }

    /** The first 7 characters of the commit, as {@code git log --oneline} shows it. */
    public Optional<String> shortCommit() {
        return Optional.ofNullable(gitCommit).map(c -> c.length() > 7 ? c.substring(0, 7) : c);
    }

    public BuildInfo withGit(String commit, String repoUrl) {
        return new BuildInfo(commit, repoUrl, ciJob, buildNumber, buildUrl, registeredBy);
    }

    public BuildInfo withCi(String job, String number, String url) {
        return new BuildInfo(gitCommit, gitRepoUrl, job, number, url, registeredBy);
    }

    public BuildInfo withRegisteredBy(String who) {
        return new BuildInfo(gitCommit, gitRepoUrl, ciJob, buildNumber, buildUrl, who);
    }

    private static String join(String a, String b) {
        if (a == null) {
            return b;
        }
        return b == null ? a : a + "/" + b;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    /**
     * CI systems often check out with a token in the URL (https://x-access-token:...@github.com/..., GitLab's
     * ?private_token=); lineage tags are readable by everyone with access to the registry, so credentials are dropped.
     */
    static String withoutCredentials(String url) {
        return UrlSanitizer.sanitize(url);
    }
}
