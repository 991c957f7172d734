package io.mlopsbridge.subsetverify;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Upstream sources read with {@code git show} from local mirrors ({@code <mirrors>/<owner>+<name>/repo}). */
final class GitSourceTree implements SourceTree {
    private record Location(UpstreamRelease release, Path gitDir, String path) {}

    private final Map<String, Location> byTopLevelName = new HashMap<>();

    GitSourceTree(Path mirrors, List<UpstreamRelease> releases) {
        for (UpstreamRelease release : releases) {
            Path gitDir = mirrors.resolve(release.repo().replace('/', '+')).resolve("repo");
            if (!Files.isDirectory(gitDir)) {
                throw new IllegalStateException("no mirror of " + release.repo() + " at " + gitDir);
            }
            String listing = git(gitDir, "ls-tree", "-r", "--name-only", release.commit(), "--", release.sourceRoot());
            for (String path : listing.split("\n")) {
                if (path.endsWith(".java")) {
                    String name = path.substring(release.sourceRoot().length() + 1, path.length() - ".java".length())
                            .replace('/', '.');
                    Location previous = byTopLevelName.putIfAbsent(name, new Location(release, gitDir, path));
                    if (previous != null) {
                        throw new IllegalStateException(name + " is in both " + previous.release().repo() + " and "
                                + release.repo());
                    }
                }
            }
        }
    }

    @Override
    public Optional<String> source(String topLevelName) {
        Location location = byTopLevelName.get(topLevelName);
        return location == null
                ? Optional.empty()
                : Optional.of(git(location.gitDir(), "show", location.release().commit() + ":" + location.path()));
    }

    @Override
    public String origin(String topLevelName) {
        Location location = byTopLevelName.get(topLevelName);
        return location == null
                ? "nowhere upstream"
                : location.release().repo() + "@" + location.release().commit() + ":" + location.path();
    }

    private static String git(Path gitDir, String... args) {
        List<String> command = new java.util.ArrayList<>(List.of("git", "--git-dir=" + gitDir));
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (InputStream in = process.getInputStream()) {
                in.transferTo(out);
            }
            String text = out.toString(StandardCharsets.UTF_8);
            if (process.waitFor() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + text);
            }
            return text;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
