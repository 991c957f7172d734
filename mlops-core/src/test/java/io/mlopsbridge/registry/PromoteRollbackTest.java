package io.mlopsbridge.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.mlopsbridge.core.ErrorKind;
import io.mlopsbridge.core.MlopsException;
import io.mlopsbridge.lineage.BuildInfo;
import io.mlopsbridge.log.BuildLog;
import io.mlopsbridge.mlflow.FaultProxy;
import io.mlopsbridge.mlflow.MlflowClient;
import io.mlopsbridge.mlflow.MlflowConfig;
import io.mlopsbridge.mlflow.MlflowServer;
import io.mlopsbridge.mlflow.MlflowServerExtension;
import io.mlopsbridge.mlflow.ModelVersion;
import io.mlopsbridge.mlflow.TrainingRuns;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** promote and rollback against a real MLflow server. */
@ExtendWith(MlflowServerExtension.class)
class PromoteRollbackTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-03-02T10:15:30Z"), ZoneOffset.UTC);
    private static final BuildInfo RELEASE_BUILD = new BuildInfo(null, null, "fraud/release", "55",
            "https://jenkins.acme.com/job/fraud/job/release/55/", "bob");

    private final MlflowClient mlflow;
    private final TrainingRuns training;
    private final PromoteModel promote;
    private final RollbackModel rollback;
    private final String name = TrainingRuns.modelName("fraud");

    PromoteRollbackTest(MlflowClient mlflow) {
        this.mlflow = mlflow;
        this.training = new TrainingRuns(mlflow);
        this.promote = new PromoteModel(mlflow, BuildLog.silent(), CLOCK);
        this.rollback = new RollbackModel(mlflow, BuildLog.silent(), CLOCK);
    }

    private String registered(double auc, String build, String gate) {
        BuildInfo info = new BuildInfo(null, null, "fraud/main", build, null, "alice");
        return new RegisterModel(mlflow, BuildLog.silent()).register(RegisterRequest.of(name,
                training.finishedRun(Map.of("auc", auc)).runId()).withBuild(info).withGate(gate)).version();
    }

    private String aliasVersion(String alias) {
        return mlflow.findAlias(name, alias).map(ModelVersion::version).orElse(null);
    }

    @Test
    void firstPromotionSetsTheAliasAndRecordsWhoWhenAndBuild() {
        String v1 = registered(0.91, "1", null);

        AliasMove move = promote.promote(PromoteRequest.version(name, v1).withBuild(RELEASE_BUILD));

        assertThat(move.changed()).isTrue();
        assertThat(move.previousVersion()).isNull();
        assertThat(aliasVersion("champion")).isEqualTo(v1);
        assertThat(mlflow.getModelVersion(name, v1).tagValues())
                .containsEntry("mlops.promoted_from", "none")
                .containsEntry("mlops.promoted_by", "bob")
                .containsEntry("mlops.promoted_at", "2025-03-02T10:15:30Z")
                .containsEntry("mlops.promoted_build", "https://jenkins.acme.com/job/fraud/job/release/55/");
    }

    @Test
    void promotionRemembersThePreviousChampion() {
        String v1 = registered(0.91, "1", null);
        String v2 = registered(0.93, "2", null);
        promote.promote(PromoteRequest.version(name, v1));

        AliasMove move = promote.promote(PromoteRequest.version(name, v2));

        assertThat(move.previousVersion()).isEqualTo(v1);
        assertThat(aliasVersion("champion")).isEqualTo(v2);
        assertThat(aliasVersion("previous-champion")).isEqualTo(v1);
        assertThat(mlflow.getModelVersion(name, v2).tagValues()).containsEntry("mlops.promoted_from", v1);
    }

    @Test
    void promoteThenRollbackRestoresThePreviousChampion() {
        String v1 = registered(0.91, "1", null);
        String v2 = registered(0.93, "2", null);
        promote.promote(PromoteRequest.version(name, v1));
        promote.promote(PromoteRequest.version(name, v2));

        AliasMove back = rollback.rollback(name, "champion", RELEASE_BUILD);

        assertThat(back.version()).isEqualTo(v1);
        assertThat(back.previousVersion()).isEqualTo(v2);
        assertThat(aliasVersion("champion")).isEqualTo(v1);
        assertThat(mlflow.getModelVersion(name, v1).tagValues()).containsEntry("mlops.rolled_back_from", v2);
    }

    @Test
    void repeatedRollbackChangesNothing() {
        String v1 = registered(0.91, "1", null);
        String v2 = registered(0.93, "2", null);
        promote.promote(PromoteRequest.version(name, v1));
        promote.promote(PromoteRequest.version(name, v2));
        rollback.rollback(name, "champion", BuildInfo.none());

        AliasMove again = rollback.rollback(name, "champion", BuildInfo.none());

        assertThat(again.changed()).isFalse();
        assertThat(aliasVersion("champion")).isEqualTo(v1);
    }

    @Test
    void promotingTheCurrentHolderChangesNothing() {
        String v1 = registered(0.91, "1", null);
        promote.promote(PromoteRequest.version(name, v1));

        AliasMove again = promote.promote(PromoteRequest.version(name, v1));

        assertThat(again.changed()).isFalse();
        assertThat(aliasVersion("previous-champion")).isNull();
    }

    @Test
    void promotesTheVersionHoldingTheCandidateAlias() {
        String v1 = registered(0.95, "1", "auc >= 0.9");

        AliasMove move = promote.promote(PromoteRequest.fromAlias(name, "candidate"));

        assertThat(move.version()).isEqualTo(v1);
        assertThat(aliasVersion("champion")).isEqualTo(v1);
    }

    @Test
    void versionRejectedByItsGateIsNotPromotedUnlessAllowed() {
        String rejected = registered(0.80, "1", "auc >= 0.9");

        assertThatThrownBy(() -> promote.promote(PromoteRequest.version(name, rejected)))
                .isInstanceOfSatisfying(MlopsException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.INPUT);
                    assertThat(e.getMessage()).contains("failed its gate");
                });
        assertThat(aliasVersion("champion")).isNull();

        promote.promote(PromoteRequest.version(name, rejected).allowingRejected(true));
        assertThat(aliasVersion("champion")).isEqualTo(rejected);
    }

    @Test
    void unknownVersionIsInputErrorAndMovesNothing() {
        String v1 = registered(0.91, "1", null);
        promote.promote(PromoteRequest.version(name, v1));

        assertThatThrownBy(() -> promote.promote(PromoteRequest.version(name, "99")))
                .isInstanceOfSatisfying(MlopsException.class, e -> assertThat(e.getMessage())
                        .isEqualTo(name + " has no version 99"));
        assertThat(aliasVersion("champion")).isEqualTo(v1);
    }

    @Test
    void promotingOntoAPreviousAliasIsAnInputErrorAndLeavesWhatRollbackRestoresAlone() {
        String v1 = registered(0.91, "1", null);
        promote.promote(PromoteRequest.version(name, v1));
        String v2 = registered(0.93, "2", null);
        promote.promote(PromoteRequest.version(name, v2)); // previous-champion is now v1

        assertThatThrownBy(() -> promote.promote(PromoteRequest.version(name, v2).withAlias("previous-champion")))
                .isInstanceOfSatisfying(MlopsException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.INPUT);
                    assertThat(e.getMessage()).isEqualTo("invalid alias 'previous-champion': previous-<alias> aliases"
                            + " are kept by promote for rollback");
                    assertThat(e.hint()).hasValueSatisfying(hint -> assertThat(hint).contains("mlops rollback"));
                });
        assertThat(aliasVersion("previous-champion")).isEqualTo(v1);
    }

    @Test
    void rollingBackAPreviousAliasIsAnInputError() {
        String v1 = registered(0.91, "1", null);
        promote.promote(PromoteRequest.version(name, v1));

        assertThatThrownBy(() -> rollback.rollback(name, "previous-champion", BuildInfo.none()))
                .isInstanceOfSatisfying(MlopsException.class, e -> assertThat(e.getMessage())
                        .isEqualTo("invalid alias 'previous-champion': previous-<alias> aliases are kept by promote"
                                + " for rollback"));
    }

    @Test
    void anAliasTooLongToBeKeptAsPreviousAliasIsAnInputErrorNamingTheAliasOptionAndItsLimit() {
        String v1 = registered(0.91, "1", null);
        String alias = "a".repeat(250);

        assertThatThrownBy(() -> promote.promote(PromoteRequest.version(name, v1).withAlias(alias)))
                .isInstanceOfSatisfying(MlopsException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.INPUT);
                    assertThat(e.getMessage()).startsWith("--alias '" + "a".repeat(40) + "'... (250 characters) is"
                            + " too long").contains("--alias may have at most 236").doesNotContain("'previous-");
                });
        assertThat(aliasVersion(alias)).isNull();
    }

    @Test
    void anAliasOf236CharactersIsPromotedAndItsPreviousHolderKept() {
        String alias = "a".repeat(236);
        String v1 = registered(0.91, "1", null);
        promote.promote(PromoteRequest.version(name, v1).withAlias(alias));
        String v2 = registered(0.93, "2", null);

        promote.promote(PromoteRequest.version(name, v2).withAlias(alias));

        assertThat(aliasVersion("previous-" + alias)).isEqualTo(v1);
    }

    @Test
    void rollbackWithoutAPreviousPromotionIsInputError() {
        String v1 = registered(0.91, "1", null);
        promote.promote(PromoteRequest.version(name, v1));

        assertThatThrownBy(() -> rollback.rollback(name, "champion", BuildInfo.none()))
                .isInstanceOfSatisfying(MlopsException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.INPUT);
                    assertThat(e.getMessage()).contains("previous-champion");
                });
    }

    /** A promotion or rollback whose process dies right after MLflow moved the alias, before anything else. */
    private static MlopsException killedRightAfterTheAliasMove(MlflowServer server, java.util.function.Consumer<
            MlflowClient> operation) throws IOException {
        try (FaultProxy proxy = FaultProxy.killedAfter(server.uri(), "POST /api/2.0/mlflow/registered-models/alias")) {
            MlflowClient dying = new MlflowClient(new MlflowConfig(proxy.uri(), server.config().credentials(),
                    MlflowServer.testHttpSettings()));
            MlopsException died = catchThrowableOfType(MlopsException.class, () -> operation.accept(dying));
            assertThat(proxy.faultsInjected()).as("the alias move reached the server").isEqualTo(1);
            assertThat(died).as("the operation stopped at the alias move").isNotNull();
            return died;
        }
    }

    @Test
    void aPromotionRetriedAfterAKillBetweenTheAliasMoveAndTheRecordFinishesTheRecord(MlflowServer server)
            throws IOException {
        String v1 = registered(0.91, "1", null);
        killedRightAfterTheAliasMove(server, dying -> new PromoteModel(dying, BuildLog.silent(), CLOCK)
                .promote(PromoteRequest.version(name, v1).withBuild(RELEASE_BUILD)));
        assertThat(aliasVersion("champion")).isEqualTo(v1);

        promote.promote(PromoteRequest.version(name, v1).withBuild(RELEASE_BUILD));

        assertThat(mlflow.getModelVersion(name, v1).tagValues())
                .containsEntry("mlops.promoted_from", "none")
                .containsEntry("mlops.promoted_by", "bob")
                .containsEntry("mlops.promoted_at", "2025-03-02T10:15:30Z")
                .containsEntry("mlops.promoted_build", "https://jenkins.acme.com/job/fraud/job/release/55/")
                .doesNotContainKey("mlops.pending.champion");
    }

    @Test
    void aRollbackRetriedAfterAKillBetweenTheAliasMoveAndTheRecordFinishesTheRecord(MlflowServer server)
            throws IOException {
        String v1 = registered(0.91, "1", null);
        String v2 = registered(0.93, "2", null);
        promote.promote(PromoteRequest.version(name, v1));
        promote.promote(PromoteRequest.version(name, v2));
        killedRightAfterTheAliasMove(server, dying -> new RollbackModel(dying, BuildLog.silent(), CLOCK)
                .rollback(name, "champion", RELEASE_BUILD));
        assertThat(aliasVersion("champion")).isEqualTo(v1);

        rollback.rollback(name, "champion", RELEASE_BUILD);

        assertThat(mlflow.getModelVersion(name, v1).tagValues())
                .containsEntry("mlops.rolled_back_from", v2)
                .containsEntry("mlops.promoted_by", "bob")
                .containsEntry("mlops.promoted_build", "https://jenkins.acme.com/job/fraud/job/release/55/")
                .doesNotContainKey("mlops.pending.champion");
    }

    @Test
    void unknownModelIsInputError() {
        assertThatThrownBy(() -> promote.promote(PromoteRequest.version("no-such-model-x1", "1")))
                .isInstanceOfSatisfying(MlopsException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.INPUT);
                    assertThat(e.getMessage()).contains("registered model 'no-such-model-x1' not found");
                });
    }
}
