package io.mlopsbridge.gate;

import io.mlopsbridge.core.InputName;

/**
 * The inputs of the gate's own work as messages name them. The report directory is an option of {@code mlops gate}
 * and {@code mlops register}, and the {@code registerModel} step's {@code reportDir} (a folder in the workspace,
 * checked there by the same {@link GateReportWriter#requireWritableDirectory}).
 */
public final class GateInputNames {
    public static final InputName REPORT_DIR = InputName.of("reportDir");

    private GateInputNames() {
    }
}
