package io.mlopsbridge.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mlopsbridge.core.MlopsException;
import io.mlopsbridge.log.BuildLog;
import io.mlopsbridge.mlflow.MlflowClient;
import io.mlopsbridge.mlflow.MlflowServerExtension;
import io.mlopsbridge.mlflow.Tag;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The retraining trigger against a real MLflow server: state is the registered model's tag. */
@ExtendWith(MlflowServerExtension.class)
class RetrainTriggerTest {
    private static final Instant MONDAY = Instant.parse("2026-11-23T09:00:00Z");

    private static String newModel(MlflowClient mlflow) {
        String name = "fraud-detector-" + UUID.randomUUID().toString().substring(0, 8);
        mlflow.createRegisteredModel(name, "drift trigger test", List.of());
        return name;
    }

    private static RetrainTrigger at(MlflowClient mlflow, Instant now) {
        return RetrainTrigger.of(mlflow).withClock(Clock.fixed(now, ZoneOffset.UTC));
    }

    private static Optional<String> lastTrigger(MlflowClient mlflow, String model) {
        return mlflow.getRegisteredModel(model).tags().stream()
                .filter(t -> t.key().equals(RetrainTrigger.LAST_TRIGGER_TAG)).map(Tag::value).findFirst();
    }

    @Test
    void driftWithNoEarlierTriggerTriggersAndRecordsTheTime(MlflowClient mlflow) {
        String model = newModel(mlflow);
        RetrainDecision decision = at(mlflow, MONDAY).decide(model, true, BuildLog.silent());
        assertThat(decision.retrain()).isTrue();
        assertThat(decision.reason()).isEqualTo("drift, and no earlier trigger");
        assertThat(lastTrigger(mlflow, model)).contains("2026-11-23T09:00:00Z");
    }

    @Test
    void driftWithinTheCooldownDoesNotTriggerAgain(MlflowClient mlflow) {
        String model = newModel(mlflow);
        at(mlflow, MONDAY).decide(model, true, BuildLog.silent());
        RetrainDecision again = at(mlflow, MONDAY.plus(Duration.ofHours(23))).decide(model, true, BuildLog.silent());
        assertThat(again.retrain()).isFalse();
        assertThat(again.reason()).contains("within the cooldown of 24h").contains("2026-11-24T09:00:00Z");
        assertThat(lastTrigger(mlflow, model)).contains("2026-11-23T09:00:00Z");
    }

    @Test
    void driftAfterTheCooldownTriggersAgainAndMovesTheTag(MlflowClient mlflow) {
        String model = newModel(mlflow);
        at(mlflow, MONDAY).decide(model, true, BuildLog.silent());
        Instant tuesday = MONDAY.plus(Duration.ofHours(25));
        RetrainDecision next = at(mlflow, tuesday).decide(model, true, BuildLog.silent());
        assertThat(next.retrain()).isTrue();
        assertThat(next.lastTrigger()).isEqualTo("2026-11-23T09:00:00Z");
        assertThat(lastTrigger(mlflow, model)).contains(tuesday.toString());
    }

    @Test
    void noDriftNeverTriggersAndLeavesTheTagAlone(MlflowClient mlflow) {
        String model = newModel(mlflow);
        RetrainDecision decision = at(mlflow, MONDAY).decide(model, false, BuildLog.silent());
        assertThat(decision.retrain()).isFalse();
        assertThat(lastTrigger(mlflow, model)).isEmpty();
    }

    @Test
    void aShorterCooldownIsHonoured(MlflowClient mlflow) {
        String model = newModel(mlflow);
        at(mlflow, MONDAY).decide(model, true, BuildLog.silent());
        RetrainDecision decision = at(mlflow, MONDAY.plus(Duration.ofHours(2))).withCooldown(Duration.ofHours(1))
                .decide(model, true, BuildLog.silent());
        assertThat(decision.retrain()).isTrue();
        assertThat(decision.cooldownSeconds()).isEqualTo(3600);
    }

    @Test
    void aTagThatIsNotATimeCountsAsNoEarlierTrigger(MlflowClient mlflow) {
        String model = newModel(mlflow);
        mlflow.setRegisteredModelTag(model, RetrainTrigger.LAST_TRIGGER_TAG, "yesterday");
        RetrainDecision decision = at(mlflow, MONDAY).decide(model, true, BuildLog.silent());
        assertThat(decision.retrain()).isTrue();
        assertThat(lastTrigger(mlflow, model)).contains("2026-11-23T09:00:00Z");
    }

    @Test
    void anUnknownModelIsAnInputError(MlflowClient mlflow) {
        assertThatThrownBy(() -> at(mlflow, MONDAY).decide("no-such-model-" + UUID.randomUUID(), true,
                BuildLog.silent())).isInstanceOf(MlopsException.class).hasMessageContaining("not found on MLflow");
    }
}
