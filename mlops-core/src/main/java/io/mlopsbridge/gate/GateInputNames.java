package io.mlopsbridge.gate;

import io.mlopsbridge.core.InputName;

/**
 * The inputs of the gate's own work as messages name them. The report directory is an option of {@code mlops gate}
 * and {@code mlops register}; the {@code registerModel} step has no parameter for it (the report goes into the
 * build's folder), so it keeps the parameter name a step would give it.
 */
public final class GateInputNames {
    // Command line only.
    public static final InputName REPORT_DIR = InputName.of("reportDir");

    private GateInputNames() {
    }
}
