package io.jenkins.plugins.mlops.drift;

import io.jenkins.plugins.mlops.StepArguments;
import io.mlopsbridge.core.InputName;
import io.mlopsbridge.core.MlopsException;
import io.mlopsbridge.drift.DriftInputNames;
import io.mlopsbridge.drift.ModelProfiles;
import java.io.Serial;
import java.io.Serializable;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The files a check writes into the workspace ({@code profile}, {@code html}, {@code json}, {@code junit}), refused
 * before anything is read or written when one would land outside the workspace, on the reference's or the current
 * data's file (or inside their folder of part files), or on another output's file: the write would replace the data
 * or the other report. Compared as text, normalised workspace-relative paths ({@code ./}, {@code //}, {@code ..} and
 * either slash), since the workspace may be on an agent of another operating system. A model version URI
 * ({@code models:/…}) is no workspace file; an absolute reference or current is compared as written.
 */
final class OutputFiles {
    private OutputFiles() {
    }

    /** The outputs, in the step's order, each with its example in a hint and the words a message uses for it. */
    enum Kind {
        PROFILE(DriftInputNames.PROFILE, "profiles/train.json", "the profile"),
        HTML(DriftInputNames.HTML, "reports/drift.html", "the HTML report"),
        JSON(DriftInputNames.JSON, "reports/drift.json", "the JSON result"),
        JUNIT(DriftInputNames.JUNIT, "reports/drift.xml", "the JUnit report");

        final InputName parameter;
        final String example;
        final String what;

        Kind(InputName parameter, String example, String what) {
            this.parameter = parameter;
            this.example = example;
            this.what = what;
        }

        /** As the step's setter binds it: null when absent, else a file in the workspace (or an IAE naming it). */
        String bound(String value) {
            return StepArguments.fileInWorkspace(value, parameter.parameter(), example());
        }

        /** The example a message ends with, e.g. {@code html: 'reports/drift.html'}. */
        String example() {
            return parameter.parameter() + ": '" + example + "'";
        }
    }

    /** One output: which one it is and its path as given, workspace-relative. */
    record OutputFile(Kind kind, String path) implements Serializable {
        @Serial
        private static final long serialVersionUID = 1L;
    }

    /** The output files {@code step} names, in the step's order; a model version as the profile is no file. */
    static List<OutputFile> of(CheckDriftStep step) {
        List<OutputFile> outputs = new ArrayList<>();
        String profile = step.getProfile() == null || ModelProfiles.isModelUri(step.getProfile()) ? null
                : step.getProfile();
        String[] paths = {profile, step.getHtml(), step.getJson(), step.getJunit()};
        for (Kind kind : Kind.values()) {
            if (paths[kind.ordinal()] != null) {
                outputs.add(new OutputFile(kind, paths[kind.ordinal()]));
            }
        }
        return outputs;
    }

    /**
     * Refuses {@code step}'s outputs as the class comment says, with one line naming both parameters. The workspace
     * check repeats the setters' for a Freestyle job saved before they checked it (its settings are read back
     * without them).
     */
    static void requireApart(CheckDriftStep step) {
        List<OutputFile> outputs = of(step);
        for (OutputFile output : outputs) {
            try {
                output.kind().bound(output.path());
            } catch (IllegalArgumentException e) {
                throw MlopsException.input(e.getMessage(), null);
            }
        }
        Map<InputName, String> inputs = new LinkedHashMap<>();
        addInput(inputs, DriftInputNames.REFERENCE, step.getReference());
        addInput(inputs, DriftInputNames.CURRENT, step.getCurrent());
        for (int i = 0; i < outputs.size(); i++) {
            OutputFile output = outputs.get(i);
            String path = normalised(output.path());
            for (Map.Entry<InputName, String> input : inputs.entrySet()) {
                String data = normalised(input.getValue());
                if (path.equals(data)) {
                    throw refused(output, "is the same file as " + input.getKey() + " " + input.getValue() + ", so "
                            + output.kind().what + " would overwrite its data", "give " + output.kind().parameter
                            + " a path of its own");
                }
                if (path.startsWith(data + "/")) {
                    throw refused(output, "is inside " + input.getKey() + " " + input.getValue() + ", so "
                            + output.kind().what + " would overwrite or join its data", "give "
                            + output.kind().parameter + " a path of its own");
                }
            }
            for (OutputFile earlier : outputs.subList(0, i)) {
                if (path.equals(normalised(earlier.path()))) {
                    throw refused(output, "is the same file as " + earlier.kind().parameter + " " + earlier.path()
                            + ", so one would overwrite the other", "give each its own path");
                }
            }
        }
    }

    private static void addInput(Map<InputName, String> inputs, InputName parameter, String path) {
        if (path != null && !ModelProfiles.isModelUri(path)) {
            inputs.put(parameter, path);
        }
    }

    private static MlopsException refused(OutputFile output, String problem, String fix) {
        return MlopsException.input(output.kind().parameter + ": " + output.path() + " " + problem,
                fix + ", e.g. " + output.kind().example());
    }

    /** {@code path} with either slash, empty and {@code .} segments and {@code ..} resolved; a leading slash kept. */
    static String normalised(String path) {
        Deque<String> segments = new ArrayDeque<>();
        for (String segment : path.split("[/\\\\]")) {
            if (segment.equals("..") && !segments.isEmpty() && !segments.peekLast().equals("..")) {
                segments.removeLast();
            } else if (!segment.isEmpty() && !segment.equals(".")) {
                segments.addLast(segment);
            }
        }
        String joined = String.join("/", segments);
        return path.startsWith("/") || path.startsWith("\\") ? "/" + joined : joined;
    }
}
