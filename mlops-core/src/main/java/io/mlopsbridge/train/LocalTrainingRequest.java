package io.mlopsbridge.train;

import static io.mlopsbridge.train.TrainInputNames.EXPERIMENT;
import static io.mlopsbridge.train.TrainInputNames.TIMEOUT;

import io.mlopsbridge.core.MlopsException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A training command to run on this machine inside an MLflow run the step creates.
 *
 * @param command        program and arguments, passed as they are (no shell, no interpolation)
 * @param workingDir     where it runs, or null for the current directory
 * @param experimentName MLflow experiment, created if missing
 * @param runName        MLflow run name, or null to let MLflow pick one
 * @param releaseVersion passed as MLOPS_RELEASE_VERSION and tagged on the run, or null
 * @param timeout        after this the process tree is killed and the run marked KILLED
 * @param environment    extra variables for the command (never logged)
 */
public record LocalTrainingRequest(List<String> command, Path workingDir, String experimentName, String runName,
                                   String releaseVersion, Duration timeout, Map<String, String> environment) {

    /** Long enough for a real training job on a CI agent; steps set their own. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofHours(2);

    public LocalTrainingRequest {
        if (command == null || command.isEmpty() || command.get(0).isBlank()) {
            throw MlopsException.input("no training command given",
                    "pass the command after '--', e.g. mlops train --experiment fraud -- python train.py");
        }
        command = List.copyOf(command);
        if (experimentName == null || experimentName.isBlank()) {
            throw MlopsException.input("no MLflow experiment given for the training run",
                    "pass " + EXPERIMENT + " NAME");
        }
        timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
        if (timeout.isNegative() || timeout.isZero()) {
            throw MlopsException.input("training timeout must be positive", "pass e.g. " + TIMEOUT + " 30m");
        }
        environment = environment == null ? Map.of() : Map.copyOf(environment);
        Objects.requireNonNull(timeout, "timeout");
    }
}
