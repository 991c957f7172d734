package io.mlopsbridge.lineage;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class BuildInfoTest {

    @Test
    void readsJenkinsVariables() {
        BuildInfo build = BuildInfo.fromEnvironment(Map.of(
                "BUILD_NUMBER", "128", "JOB_NAME", "fraud/main",
                "BUILD_URL", "https://jenkins.acme.com/job/fraud/job/main/128/",
                "GIT_COMMIT", "3f9c2ab7e1d04c55aa0e2f7a31f0c9d8b6e4a210",
                "GIT_URL", "https://github.com/acme/fraud.git", "BUILD_USER_ID", "alice"));

        assertThat(build).isEqualTo(new BuildInfo("3f9c2ab7e1d04c55aa0e2f7a31f0c9d8b6e4a210",
                "https://github.com/acme/fraud.git", "fraud/main", "128",
                "https://jenkins.acme.com/job/fraud/job/main/128/", "alice"));
        assertThat(build.buildKey()).contains("fraud/main#128");
    }

    @Test
    void readsGithubActionsVariables() {
        BuildInfo build = BuildInfo.fromEnvironment(Map.of(
                "GITHUB_ACTIONS", "true", "GITHUB_SERVER_URL", "https://github.com",
                "GITHUB_REPOSITORY", "acme/fraud", "GITHUB_WORKFLOW", "train", "GITHUB_RUN_NUMBER", "42",
                "GITHUB_RUN_ID", "987654", "GITHUB_SHA", "abc1234def", "GITHUB_ACTOR", "bob"));

        assertThat(build).isEqualTo(new BuildInfo("abc1234def", "https://github.com/acme/fraud", "acme/fraud/train",
                "42", "https://github.com/acme/fraud/actions/runs/987654", "bob"));
        assertThat(build.buildKey()).contains("acme/fraud/train#42");
    }

    @Test
    void readsGitlabVariables() {
        BuildInfo build = BuildInfo.fromEnvironment(Map.of(
                "GITLAB_CI", "true", "CI_COMMIT_SHA", "abc", "CI_PROJECT_URL", "https://gitlab.com/acme/fraud",
                "CI_PROJECT_PATH", "acme/fraud", "CI_JOB_NAME", "register", "CI_PIPELINE_IID", "17",
                "CI_JOB_URL", "https://gitlab.com/acme/fraud/-/jobs/5", "GITLAB_USER_LOGIN", "carol"));

        assertThat(build).isEqualTo(new BuildInfo("abc", "https://gitlab.com/acme/fraud", "acme/fraud/register", "17",
                "https://gitlab.com/acme/fraud/-/jobs/5", "carol"));
        assertThat(build.buildKey()).contains("acme/fraud/register#17");
    }

    @Test
    void repositoryUrlLosesEmbeddedToken() {
        BuildInfo build = BuildInfo.none().withGit("abc", "https://x-access-token:ghs_SECRET123@github.com/acme/f.git");

        assertThat(build.gitRepoUrl()).isEqualTo("https://github.com/acme/f.git");
    }

    @Test
    void urlsLoseCredentialsWhenTheHostHasAnUnderscore() {
        BuildInfo build = BuildInfo.none()
                .withGit("abc", "https://oauth2:glpat-Rotated42@git_server.internal/fraud/model.git")
                .withCi("fraud/main", "42", "https://alice:JenkinsPw9@jenkins_ci/job/fraud/42/");

        assertThat(build.gitRepoUrl()).isEqualTo("https://git_server.internal/fraud/model.git");
        assertThat(build.buildUrl()).isEqualTo("https://jenkins_ci/job/fraud/42/");
    }

    @Test
    void urlsLoseTokenQueryParameters() {
        BuildInfo build = BuildInfo.none()
                .withGit("abc", "https://gitlab.corp/fraud/model.git?private_token=glpat-Q1w2e3")
                .withCi("fraud/main", "42", "https://ci.corp/job/fraud/42/?access_token=eyJhbGci&tab=log");

        assertThat(build.gitRepoUrl()).isEqualTo("https://gitlab.corp/fraud/model.git");
        assertThat(build.buildUrl()).isEqualTo("https://ci.corp/job/fraud/42/?tab=log");
    }

    @Test
    void noBuildKeyWithoutJobAndNumber() {
        assertThat(BuildInfo.fromEnvironment(Map.of("USER", "dev")).buildKey()).isEmpty();
    }
}
