package io.mlopsbridge.drift;

import static io.mlopsbridge.drift.DriftInputNames.MODEL;

import io.mlopsbridge.core.Cancellation;
import io.mlopsbridge.core.DurationText;
import io.mlopsbridge.core.MlopsException;
import io.mlopsbridge.log.BuildLog;
import io.mlopsbridge.mlflow.MlflowClient;
import io.mlopsbridge.mlflow.RegisteredModel;
import io.mlopsbridge.mlflow.Tag;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.Optional;

/**
 * Decides whether drift should trigger retraining: yes when the drift verdict says drift and the last trigger for the
 * model is older than the cooldown. The last trigger time lives in a tag on the registered model in MLflow
 * ({@value #LAST_TRIGGER_TAG}, an ISO-8601 instant), so every build, on any agent, sees the same state.
 *
 * <p>MLflow has no compare-and-set for tags: two builds deciding within the same moment can both trigger.
 */
public final class RetrainTrigger {
    /** Registered-model tag holding the time of the last retraining trigger. */
    public static final String LAST_TRIGGER_TAG = "mlops.drift.last_retrain_trigger";
    /** One trigger a day at most, unless configured otherwise. */
    public static final Duration DEFAULT_COOLDOWN = Duration.ofHours(24);

    private final MlflowClient mlflow;
    private final Duration cooldown;
    private final Clock clock;

    private RetrainTrigger(MlflowClient mlflow, Duration cooldown, Clock clock) {
        this.mlflow = Objects.requireNonNull(mlflow, "mlflow");
        this.cooldown = Objects.requireNonNull(cooldown, "cooldown");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (cooldown.isNegative()) {
            throw MlopsException.input("retrain cooldown must not be negative, got " + cooldown, "e.g. 24h");
        }
    }

    /**
     * Refuses a cooldown ({@code cooldown} as given, null when not) without a model: it spaces the triggers of a
     * model's retraining, so without one it would be accepted and do nothing, and the check a user meant to guard would
     * decide no retraining at all.
     */
    public static void requireModelForCooldown(String cooldown, String model) {
        if (cooldown != null && model == null) {
            throw MlopsException.input(DriftInputNames.COOLDOWN + " " + cooldown + " is given without "
                    + DriftInputNames.MODEL + ", so no retraining is decided", "give the registered model to retrain ("
                    + DriftInputNames.MODEL + "), or leave " + DriftInputNames.COOLDOWN + " out");
        }
    }

    public static RetrainTrigger of(MlflowClient mlflow) {
        return new RetrainTrigger(mlflow, DEFAULT_COOLDOWN, Clock.systemUTC());
    }

    public RetrainTrigger withCooldown(Duration d) {
        return new RetrainTrigger(mlflow, d, clock);
    }

    /** For tests and replays: the clock that says what "now" is. */
    public RetrainTrigger withClock(Clock c) {
        return new RetrainTrigger(mlflow, cooldown, c);
    }

    /**
     * Decides for {@code model} given the drift verdict; when it triggers, records now as the last trigger (before
     * returning, so a failed write fails the decision instead of triggering twice).
     */
    public RetrainDecision decide(String model, boolean drifted, BuildLog log) {
        return decide(model, drifted, log, Cancellation.none());
    }

    /**
     * {@link #decide(String, boolean, BuildLog)}, stopped by {@code cancellation}: its read is cut off at once, and the
     * trigger is recorded only while not cancelled ({@link MlopsException#aborted} otherwise). The tag write, once
     * sent, is never cut off: cut off, it might be recorded on the server while the caller reports no trigger, and
     * the cooldown would then hold back the retraining nobody was told about.
     */
    public RetrainDecision decide(String model, boolean drifted, BuildLog log, Cancellation cancellation) {
        RegisteredModel registered = mlflow.cancelledBy(cancellation).findRegisteredModel(model).orElseThrow(() ->
                MlopsException.input("registered model '" + model + "' not found on MLflow at "
                        + mlflow.config().displayUri(), "register the model first, or check " + MODEL));
        Optional<String> tag = registered.tags().stream().filter(t -> t.key().equals(LAST_TRIGGER_TAG))
                .map(Tag::value).findFirst();
        Instant now = clock.instant();
        Instant last = null;
        if (tag.isPresent()) {
            try {
                last = Instant.parse(tag.get());
            } catch (DateTimeParseException e) {
                log.warn("retrain: tag " + LAST_TRIGGER_TAG + " of model '" + model + "' is not a time ('"
                        + tag.get() + "'); treating it as no earlier trigger");
            }
        }
        String lastText = last == null ? null : last.toString();
        if (!drifted) {
            return new RetrainDecision(model, false, "no drift", lastText, cooldown.toSeconds());
        }
        if (last != null && now.isBefore(last.plus(cooldown))) {
            return new RetrainDecision(model, false, "drift, but the last trigger at " + last + " is within the "
                    + "cooldown of " + DurationText.format(cooldown) + " (next trigger possible at " + last.plus(cooldown) + ")",
                    lastText, cooldown.toSeconds());
        }
        cancellation.throwIfCancelled();
        mlflow.setRegisteredModelTag(model, LAST_TRIGGER_TAG, now.toString());
        String reason = last == null ? "drift, and no earlier trigger" : "drift, and the last trigger at " + last
                + " is older than the cooldown of " + DurationText.format(cooldown);
        log.info("retrain: triggered for model '" + model + "' (" + reason + ")");
        return new RetrainDecision(model, true, reason, lastText, cooldown.toSeconds());
    }
}
