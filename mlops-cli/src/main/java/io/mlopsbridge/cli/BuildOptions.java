package io.mlopsbridge.cli;

import io.mlopsbridge.lineage.BuildInfo;
import java.util.Map;
import picocli.CommandLine.Option;

/** The build's lineage: read from the CI system's variables, each overridable by a flag. */
final class BuildOptions {
    @Option(names = "--git-commit", paramLabel = "SHA", description = "Commit of the code (default: $GIT_COMMIT, "
            + "$GITHUB_SHA or $CI_COMMIT_SHA).")
    String gitCommit;

    @Option(names = "--git-url", paramLabel = "URL", description = "Repository URL (default: $GIT_URL or the CI "
            + "system's equivalent). Credentials in it are dropped.")
    String gitUrl;

    @Option(names = "--ci-job", paramLabel = "NAME", description = "CI job name (default: $JOB_NAME or the CI "
            + "system's equivalent).")
    String ciJob;

    @Option(names = "--build-number", paramLabel = "N", description = "Build number (default: $BUILD_NUMBER or the "
            + "CI system's equivalent). With --ci-job it makes registration idempotent per build.")
    String buildNumber;

    @Option(names = "--build-url", paramLabel = "URL", description = "Link to the build (default: $BUILD_URL or the "
            + "CI system's equivalent).")
    String buildUrl;

    @Option(names = "--registered-by", paramLabel = "WHO", description = "Who registers or promotes (default: the "
            + "CI user or $USER).")
    String registeredBy;

    BuildInfo resolve(Map<String, String> env) {
        BuildInfo fromEnv = BuildInfo.fromEnvironment(env);
        return new BuildInfo(
                or(gitCommit, fromEnv.gitCommit()), or(gitUrl, fromEnv.gitRepoUrl()),
                or(ciJob, fromEnv.ciJob()), or(buildNumber, fromEnv.buildNumber()),
                or(buildUrl, fromEnv.buildUrl()), or(registeredBy, fromEnv.registeredBy()));
    }

    private static String or(String flag, String env) {
        return flag != null ? flag : env;
    }
}
