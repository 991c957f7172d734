package io.mlopsbridge.mlflow;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlopsbridge.core.InputFile;
import io.mlopsbridge.core.MlopsException;
import io.mlopsbridge.http.Idempotency;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.BufferedSink;
import okio.Okio;
import okio.Source;

/**
 * Streams artifacts through the server's proxied endpoints ({@code --serve-artifacts}). Bodies go from disk to the
 * socket and back in small buffers, so a multi-GB model never sits in memory; downloads land in a temporary file
 * next to the target and are moved into place only when complete.
 */
final class ArtifactTransfer {
    private static final MediaType OCTET_STREAM = MediaType.get("application/octet-stream");

    private final MlflowRest rest;

    ArtifactTransfer(MlflowRest rest) {
        this.rest = rest;
    }

    void upload(String artifactUri, String relativePath, Path file) {
        InputFile.require(file, "artifact file", "check the path; it is read on the machine running this step");
        // A file body can be sent again, so a broken connection is retried by the HTTP stack.
        put(artifactUri, relativePath, RequestBody.create(file.toFile(), OCTET_STREAM));
    }

    void upload(String artifactUri, String relativePath, InputStream in, long length) {
        put(artifactUri, relativePath, new StreamBody(in, length));
    }

    void uploadDirectory(String artifactUri, String relativeDir, Path dir) {
        if (!Files.isDirectory(dir)) {
            throw MlopsException.input("artifact directory " + dir + " does not exist",
                    "check the path; it is read on the machine running this step");
        }
        List<Path> files;
        try (Stream<Path> walk = Files.walk(dir)) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw MlopsException.input("cannot read artifact directory " + dir + ": " + e.getMessage(), null);
        }
        String prefix = relativeDir == null ? "" : ArtifactLocation.trimSlashes(relativeDir);
        for (Path file : files) {
            String rel = dir.relativize(file).toString().replace('\\', '/');
            upload(artifactUri, prefix.isEmpty() ? rel : prefix + "/" + rel, file);
        }
    }

    private void put(String artifactUri, String relativePath, RequestBody body) {
        String path = ArtifactLocation.serverPath(artifactUri, relativePath);
        if (path.isEmpty() || relativePath == null || ArtifactLocation.trimSlashes(relativePath).isEmpty()) {
            throw MlopsException.input("an artifact upload needs a file path under the artifact root", null);
        }
        Request request = new Request.Builder()
                .url(rest.url(ArtifactLocation.ENDPOINT).newBuilder().addPathSegments(path).build())
                .put(body)
                .tag(Idempotency.class, Idempotency.REPEATABLE)
                .build();
        rest.call("mlflow-artifacts upload of " + relativePath, request);
    }

    void download(String artifactUri, String relativePath, Path target) {
        String path = ArtifactLocation.serverPath(artifactUri, relativePath);
        HttpUrl url = rest.url(ArtifactLocation.ENDPOINT).newBuilder().addPathSegments(path).build();
        String endpoint = "mlflow-artifacts download of " + relativePath;
        Path parent = target.toAbsolutePath().getParent();
        Path partial = null;
        try {
            Files.createDirectories(parent);
            partial = Files.createTempFile(parent, "." + target.getFileName(), ".part");
            try (Response response = rest.http().newCall(new Request.Builder().url(url).get().build()).execute()) {
                if (!response.isSuccessful()) {
                    throw rest.errors().fromResponse(endpoint, response, response.body().string());
                }
                try (InputStream in = response.body().byteStream()) {
                    Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
                }
            } catch (IOException e) {
                throw rest.errors().fromIo(endpoint, e);
            }
            moveIntoPlace(partial, target);
            partial = null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target, e);
        } finally {
            if (partial != null) {
                try {
                    Files.deleteIfExists(partial);
                } catch (IOException ignored) {
                    // best effort: a leftover .part file is harmless
                }
            }
        }
    }

    private static void moveIntoPlace(Path partial, Path target) throws IOException {
        try {
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    void downloadDirectory(String artifactUri, String relativeDir, Path targetDir) {
        String prefix = relativeDir == null ? "" : ArtifactLocation.trimSlashes(relativeDir);
        for (ArtifactFile file : list(artifactUri, prefix, true)) {
            if (!file.isDir()) {
                String source = prefix.isEmpty() ? file.path() : prefix + "/" + file.path();
                download(artifactUri, source, targetDir.resolve(file.path()));
            }
        }
    }

    /** Entries under {@code relativeDir}; recursive listings give paths relative to {@code relativeDir}. */
    List<ArtifactFile> list(String artifactUri, String relativeDir, boolean recursive) {
        List<ArtifactFile> result = new ArrayList<>();
        collect(artifactUri, relativeDir == null ? "" : ArtifactLocation.trimSlashes(relativeDir), "", recursive,
                result);
        return result;
    }

    private void collect(String artifactUri, String dir, String shownPrefix, boolean recursive,
                         List<ArtifactFile> out) {
        String path = ArtifactLocation.serverPath(artifactUri, dir);
        HttpUrl url = rest.url(ArtifactLocation.ENDPOINT).newBuilder().addQueryParameter("path", path).build();
        JsonNode answer = rest.call("mlflow-artifacts list", new Request.Builder().url(url).get().build());
        for (JsonNode node : answer.path("files")) {
            String name = node.path("path").asText();
            // The server answers with names relative to the listed directory; keep only the last segment to be safe.
            String leaf = name.substring(name.lastIndexOf('/') + 1);
            boolean isDir = node.path("is_dir").asBoolean(false);
            Long size = node.hasNonNull("file_size") ? node.get("file_size").asLong() : null;
            String shown = shownPrefix.isEmpty() ? leaf : shownPrefix + "/" + leaf;
            out.add(new ArtifactFile(shown, isDir, size));
            if (isDir && recursive) {
                collect(artifactUri, dir.isEmpty() ? leaf : dir + "/" + leaf, shown, true, out);
            }
        }
    }

    /** A body read once from a caller's stream; marked one-shot so nobody tries to send it twice. */
    private static final class StreamBody extends RequestBody {
        private final InputStream in;
        private final long length;

        StreamBody(InputStream in, long length) {
            this.in = in;
            this.length = length;
        }

        @Override
        public MediaType contentType() {
            return OCTET_STREAM;
        }

        @Override
        public long contentLength() {
            return length;
        }

        @Override
        public boolean isOneShot() {
            return true;
        }

        @Override
        public void writeTo(BufferedSink sink) throws IOException {
            try (Source source = Okio.source(in)) {
                sink.writeAll(source);
            }
        }
    }
}
