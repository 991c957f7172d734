package io.mlopsbridge.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class UrlSanitizerTest {

    @Test
    void userAndPasswordAreRemovedWhenJavaUriCannotParseTheHost() {
        assertThat(UrlSanitizer.sanitize("https://oauth2:glpat-Xy9zQ@git_server.internal/fraud/model.git"))
                .isEqualTo("https://git_server.internal/fraud/model.git");
        assertThat(UrlSanitizer.sanitize("https://alice:s3cr3t@jenkins_ci/job/fraud/42/"))
                .isEqualTo("https://jenkins_ci/job/fraud/42/");
    }

    /** Deploy inputs refuse what this finds; a Hive-style path segment such as author=... is no parameter. */
    @Test
    void onlyUserInfoAndCredentialParametersCarryCredentials() {
        assertThat(UrlSanitizer.carriesCredentials("https://ci:s3cret@gw.example.com")).isTrue();
        assertThat(UrlSanitizer.carriesCredentials("s3://models/fraud/7/?X-Amz-Signature=0f3a")).isTrue();
        assertThat(UrlSanitizer.carriesCredentials("https://gw.example.com/#access_token=abc")).isTrue();
        assertThat(UrlSanitizer.carriesCredentials("s3://models/author=risk-team/fraud/7/?versionId=3")).isFalse();
        assertThat(UrlSanitizer.carriesCredentials("https://gw.example.com/users/@me?")).isFalse();
    }

    @Test
    void aBareTokenAsUserIsRemoved() {
        assertThat(UrlSanitizer.sanitize("https://ghp_16C7e42F292c6912E7710c838347Ae178B4a@github.com/org/repo"))
                .isEqualTo("https://github.com/org/repo");
    }

    @Test
    void aPasswordWithAtSlashQuestionAndHashIsRemovedWhole() {
        assertThat(UrlSanitizer.sanitize("http://admin:p@ss/w?o#rd@mlflow_server:5000/api"))
                .isEqualTo("http://mlflow_server:5000/api");
    }

    @Test
    void credentialQueryParametersAreRemovedAndOthersKept() {
        assertThat(UrlSanitizer.sanitize(
                "https://gitlab.corp/api/v4/projects/7?private_token=glpat-abc&ref=main&access_token=xyz"))
                .isEqualTo("https://gitlab.corp/api/v4/projects/7?ref=main");
        assertThat(UrlSanitizer.sanitize(
                "https://bucket.s3.amazonaws.com/m.pkl?X-Amz-Credential=AKIA&X-Amz-Signature=f00d&v=2"))
                .isEqualTo("https://bucket.s3.amazonaws.com/m.pkl?v=2");
        assertThat(UrlSanitizer.sanitize("https://acct.blob.core.windows.net/c/m.pkl?sv=2022&sig=abc%2Bdef"))
                .isEqualTo("https://acct.blob.core.windows.net/c/m.pkl?sv=2022");
    }

    @Test
    void aTokenInTheFragmentIsRemoved() {
        assertThat(UrlSanitizer.sanitize("https://app.corp/cb#access_token=eyJhbGciOi&state=1"))
                .isEqualTo("https://app.corp/cb#state=1");
    }

    @Test
    void ordinaryUrlsAreUnchanged() {
        for (String url : List.of("http://mlflow_server:5000", "https://jenkins.corp/job/fraud/42/",
                "http://127.0.0.1:5000/", "https://kfp.corp/#/runs/details/5b1c", "git@github.com:org/repo.git",
                "https://npm.corp/users/@me", "https://ci.corp/search?q=a@b.com&page=2", "not a url")) {
            assertThat(UrlSanitizer.sanitize(url)).as(url).isEqualTo(url);
        }
    }

    @Test
    void anScpLikeUrlWithAPasswordLosesIt() {
        assertThat(UrlSanitizer.sanitize("deploy:hunter22@git_server:org/repo.git")).isEqualTo("git_server:org/repo.git");
    }

    /** Credentials in every position a URL can carry them, with every host shape, never survive. */
    @Test
    void noGeneratedCredentialSurvives() {
        Random random = new Random(13);
        for (int i = 0; i < 20_000; i++) {
            UrlWithCredentials url = UrlWithCredentials.random(random);
            String clean = UrlSanitizer.sanitize(url.text());
            for (String secret : url.secrets()) {
                assertThat(clean).as(url.text()).doesNotContain(secret);
            }
            if (url.hostSurvives()) {
                assertThat(clean).as(url.text()).contains(url.host());
            }
        }
    }
}
