package io.mlopsbridge.gate;

import java.nio.file.Path;

/** Where {@link GateReportWriter#writeTo} put the reports. */
public record GateReportFiles(Path json, Path markdown) {
}
