package io.mlopsbridge.drift.report;

import io.mlopsbridge.core.InputName;
import io.mlopsbridge.core.MlopsException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The files a drift check reads and writes, checked against each other before anything is read: an output that is an
 * input (or lies in an input directory of part files) would replace the data with a profile or a report, and two
 * outputs that are one file would leave only the one written last. Paths compare as the files they lead to, through
 * symbolic links and {@code ..}.
 */
public final class OutputPaths {
    private record Named(InputName name, Path given, Path real, boolean directory) {
    }

    private final Path base;
    private final List<Named> inputs = new ArrayList<>();
    private final List<Named> outputs = new ArrayList<>();

    /** Paths relative to the working directory. */
    public OutputPaths() {
        this(Path.of(""));
    }

    /** Paths relative to {@code base} (a Jenkins workspace); errors show them as given. */
    public OutputPaths(Path base) {
        this.base = base;
    }

    /** A file or directory the check reads; null (not given) is left out. */
    public OutputPaths input(InputName name, Path path) {
        if (path != null) {
            Path file = base.resolve(path);
            inputs.add(new Named(name, path, real(file), Files.isDirectory(file)));
        }
        return this;
    }

    /**
     * A file the check writes; null (not given) is left out. Refused at once when it is an input given before, or an
     * output given before.
     */
    public OutputPaths output(InputName name, Path path) {
        if (path == null) {
            return this;
        }
        Named output = new Named(name, path, real(base.resolve(path)), false);
        for (Named input : inputs) {
            if (output.real().equals(input.real())) {
                throw MlopsException.input(name + " " + path + " is the " + input.name() + " file",
                        "write it to a file of its own: it would replace the data it is made from");
            }
            if (input.directory() && output.real().startsWith(input.real())) {
                throw MlopsException.input(name + " " + path + " is inside the " + input.name() + " directory "
                        + input.given(), "write it outside that directory: its files are the data");
            }
        }
        for (Named other : outputs) {
            if (output.real().equals(other.real())) {
                throw MlopsException.input(name + " " + path + " is the same file as " + other.name(),
                        "give each output a file of its own: only the one written last would be kept");
            }
        }
        outputs.add(output);
        return this;
    }

    /**
     * The path with every symbolic link of the part that exists resolved (an output often does not exist yet, its
     * folder does); as given, made absolute, when even that cannot be read.
     */
    private static Path real(Path path) {
        Path absolute = path.toAbsolutePath().normalize();
        Path existing = absolute;
        Path rest = null;
        while (existing != null && !Files.exists(existing)) {
            rest = rest == null ? existing.getFileName() : existing.getFileName().resolve(rest);
            existing = existing.getParent();
        }
        if (existing == null) {
            return absolute;
        }
        try {
            Path real = existing.toRealPath();
            return rest == null ? real : real.resolve(rest);
        } catch (IOException e) {
            return absolute;
        }
    }
}
