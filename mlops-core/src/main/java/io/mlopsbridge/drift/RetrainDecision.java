package io.mlopsbridge.drift;

/**
 * Whether drift should trigger retraining now.
 *
 * @param model registered model name
 * @param retrain true when drift was found and the last trigger is older than the cooldown
 * @param reason why, in words
 * @param lastTrigger ISO-8601 time of the previous trigger, or null if there was none
 * @param cooldownSeconds the cooldown applied
 */
public record RetrainDecision(String model, boolean retrain, String reason, String lastTrigger, long cooldownSeconds) {
}
