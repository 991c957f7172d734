package io.mlopsbridge.mlflow;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A stand-in for {@code mlflow server} in tests of {@link MlflowServer}'s own start and stop, where a real server
 * would add 20–60 s of Python start-up and prove nothing more: it binds {@code --port} on loopback, prints uvicorn's
 * startup line (or uvicorn's error when the port is taken, and exits), and answers every GET with 200.
 */
final class StubMlflowExecutable {
    private StubMlflowExecutable() {
    }

    /** Writes the stub as {@code dir/mlflow}; {@code ignoresSigterm} makes it behave like a server busy stopping. */
    static Path write(Path dir, boolean ignoresSigterm) {
        Path executable = dir.resolve("mlflow");
        String script = String.join("\n",
                "#!/usr/bin/env python3",
                "import http.server, signal, sys",
                ignoresSigterm ? "signal.signal(signal.SIGTERM, signal.SIG_IGN)" : "",
                "port = int(sys.argv[sys.argv.index('--port') + 1])",
                "class Health(http.server.BaseHTTPRequestHandler):",
                "    def do_GET(self):",
                "        self.send_response(200); self.end_headers(); self.wfile.write(b'OK')",
                "try:",
                "    server = http.server.HTTPServer(('127.0.0.1', port), Health)",
                "except OSError as e:",
                "    print(\"ERROR:    [Errno %d] error while attempting to bind on address ('127.0.0.1', %d): %s\"",
                "          % (e.errno, port, e.strerror.lower()), flush=True)",
                "    sys.exit(1)",
                "print('INFO:     Uvicorn running on http://127.0.0.1:%d (Press CTRL+C to quit)' % port, flush=True)",
                "server.serve_forever()",
                "");
        try {
            Files.writeString(executable, script);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (!executable.toFile().setExecutable(true)) {
            throw new IllegalStateException("cannot make " + executable + " executable");
        }
        return executable;
    }
}
