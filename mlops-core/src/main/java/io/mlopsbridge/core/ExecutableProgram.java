package io.mlopsbridge.core;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A program the user names (a training command, the mlflow that serves a model locally), checked the way the
 * operating system will look for it, before anything is written: starting it is the last step, and the error the
 * process API gives ("Cannot run program ...: error=2") names neither the input nor the fix.
 */
public final class ExecutableProgram {
    private ExecutableProgram() {
    }

    /**
     * Refuses {@code program} unless it would start: a path (anything with a slash, relative to {@code base}) must be
     * an executable file, and a bare name must be an executable file in a directory of {@code $PATH}.
     *
     * @param subject        how errors name it, e.g. {@code "training command"}
     * @param exampleName    the usual program's name, for the hints, e.g. {@code "python"}
     * @param notOnPathHint  what to do when a bare name is not on the PATH
     */
    public static void require(String program, Path base, String subject, String exampleName, String notOnPathHint) {
        if (program.contains("/")) {
            Path path = base.resolve(program);
            // A directory is "executable" (searchable) too, and would fail only when started.
            if (Files.isDirectory(path)) {
                throw MlopsException.input(subject + " '" + program + "' is a directory",
                        "give the program inside it, e.g. " + program.replaceAll("/+$", "") + "/bin/" + exampleName);
            }
            if (!Files.isRegularFile(path) || !Files.isExecutable(path)) {
                throw MlopsException.input(subject + " '" + program + "' is not an executable file",
                        "check the path (relative paths start from " + base.toAbsolutePath() + ")");
            }
            requireInterpreter(path, program, base, subject, exampleName);
            return;
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = dir.isEmpty() ? null : Path.of(dir, program);
            if (candidate != null && Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                requireInterpreter(candidate, program, base, subject, exampleName);
                return;
            }
        }
        throw MlopsException.input(subject + " '" + program + "' is not on the PATH", notOnPathHint);
    }

    /**
     * A script starts only when the interpreter its {@code #!} line names is an executable file; otherwise the
     * operating system answers "No such file or directory" about the script, which exists. A script that cannot be
     * read (execute permission only) is left to the operating system.
     */
    private static void requireInterpreter(Path script, String program, Path base, String subject,
                                           String exampleName) {
        String interpreter = Shebang.interpreterOf(script);
        if (interpreter == null) {
            return;
        }
        Path path = base.resolve(interpreter); // the kernel resolves a relative one from the working directory
        String problem = !Files.exists(path) ? "does not exist"
                : !Files.isRegularFile(path) || !Files.isExecutable(path) ? "is not an executable file" : null;
        if (problem != null) {
            throw MlopsException.input(subject + " '" + program + "' cannot start: its interpreter '" + interpreter
                    + "' (its #! line) " + problem, "install " + interpreter + ", or change the first line of "
                    + program + " to an interpreter this machine has, e.g. #!/usr/bin/env " + exampleName);
        }
    }
}
