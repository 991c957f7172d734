package io.mlopsbridge.lineage;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class LineageTest {

    @Test
    void tagsCoverReleaseGitCiRunDatasetsAndBuildKey() {
        BuildInfo build = new BuildInfo("3f9c2ab7e1", "https://github.com/acme/fraud.git", "fraud/main", "128",
                "https://jenkins/job/fraud/128/", "alice");
        Lineage lineage = new Lineage(new ReleaseVersion("128-3f9c2ab"), build, "a1b2c3",
                Map.of("transactions", "9f86d081"));

        assertThat(lineage.toTags()).containsExactly(
                Map.entry("mlops.release", "128-3f9c2ab"),
                Map.entry("mlflow.source.git.commit", "3f9c2ab7e1"),
                Map.entry("mlflow.source.git.repoURL", "https://github.com/acme/fraud.git"),
                Map.entry("mlops.ci.job", "fraud/main"),
                Map.entry("mlops.ci.build_number", "128"),
                Map.entry("mlops.ci.build_url", "https://jenkins/job/fraud/128/"),
                Map.entry("mlops.training_run_id", "a1b2c3"),
                Map.entry("mlops.dataset.transactions.digest", "9f86d081"),
                Map.entry("mlops.registered_by", "alice"),
                Map.entry("mlops.build_key", "fraud/main#128"));
    }

    @Test
    void unknownValuesAreLeftOut() {
        Lineage lineage = new Lineage(new ReleaseVersion("1.0"), BuildInfo.none(), null, null);

        assertThat(lineage.toTags()).containsOnlyKeys("mlops.release");
    }
}
