package io.mlopsbridge.subsetverify;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** The subset's own sources: {@code src/main/java} of jenkins-api-subset. */
final class DirectorySourceTree implements SourceTree {
    private final Path root;

    DirectorySourceTree(Path root) {
        this.root = root;
    }

    List<String> topLevelNames() {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(f -> f.toString().endsWith(".java"))
                    .map(f -> root.relativize(f).toString().replace(java.io.File.separatorChar, '.'))
                    .map(n -> n.substring(0, n.length() - ".java".length()))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public Optional<String> source(String topLevelName) {
        Path file = root.resolve(topLevelName.replace('.', '/') + ".java");
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String origin(String topLevelName) {
        return root.resolve(topLevelName.replace('.', '/') + ".java").toString();
    }
}
