package io.mlopsbridge.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlopsbridge.core.MlopsException;
import io.mlopsbridge.core.OneLine;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The result of a command that did not end with its normal result: how it ended, the error, and whatever was
 * known by then (the command's own inputs, facts the engine recorded, and the result the command had already
 * produced). With {@code --json} it is the one object on stdout; the schema is in docs/cli-results.md.
 *
 * @param status     how it ended
 * @param exitCode   the process's exit code: the status's, except 143 for an abort by SIGTERM
 * @param command    the subcommand, e.g. {@code register}
 * @param kind       {@code INPUT}, {@code REMOTE}, {@code ABORTED}, {@code CONFLICT}, {@code INCOMPLETE} or
 *                   {@code INTERNAL}
 * @param message    the one-line error
 * @param hint       how to fix it, or null
 * @param remoteCode the remote system's code ({@code RESOURCE_DOES_NOT_EXIST}, {@code HTTP 502}), or null
 * @param known      what was known: the inputs (model, version, run id) overlaid with the engine's facts
 * @param result     the result the command had produced before it failed (e.g. a failed training), or null
 */
record ErrorResult(EndingStatus status, int exitCode, String command, String kind, String message, String hint, String remoteCode,
                   Map<String, String> known, JsonNode result) {

    static final String INTERNAL_KIND = "INTERNAL";

    ErrorResult {
        known = Map.copyOf(known);
    }

    /** {@code abortedExitCode} is what an abort ends with: 130, or 143 when SIGTERM caused it. */
    static ErrorResult of(Throwable error, Invocation invocation, JsonNode result, int abortedExitCode) {
        EndingStatus status = EndingStatus.of(error);
        int exitCode = status == EndingStatus.ABORTED ? abortedExitCode : status.exitCode();
        Map<String, String> known = new LinkedHashMap<>(invocation.inputs());
        if (error instanceof MlopsException e) {
            known.putAll(e.facts());
            return new ErrorResult(status, exitCode, invocation.command(), e.kind().name(), e.getMessage(),
                    e.hint().orElse(null), e.remoteCode().orElse(null), known, result);
        }
        return new ErrorResult(status, exitCode, invocation.command(), INTERNAL_KIND,
                "internal error (a bug in mlops, not in your input or a remote system): "
                        + error.getClass().getSimpleName() + ": " + OneLine.of(error.getMessage()),
                "please report it to the MLOps Bridge maintainers with the command you ran and the stack trace that"
                        + " --debug (or MLOPS_DEBUG=1) prints", null, known, result);
    }

    /** Top level: status, command, exit_code, error, then the known facts by name, then the earlier result. */
    Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("status", status.json());
        json.put("command", command);
        json.put("exit_code", exitCode);
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("kind", kind);
        error.put("message", message);
        error.put("hint", hint);
        error.put("remoteCode", remoteCode);
        json.put("error", error);
        known.forEach(json::putIfAbsent);
        if (result != null) {
            json.put("result", result);
        }
        return json;
    }
}
