package hudson;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;

public abstract class Launcher {
    /** Test-only: Jenkins makes launchers for its nodes; the tests' launcher lives in this package. */
    Launcher() {
    }

    @NonNull
    public final ProcStarter launch() {
        return new ProcStarter();
    }

    public abstract Proc launch(@NonNull ProcStarter starter) throws IOException;

    public final class ProcStarter {
        // Read by the tests' launcher in this package (upstream keeps them in protected fields of its own shape).
        List<String> commands = List.of();
        FilePath pwd;
        OutputStream stdout = OutputStream.nullOutputStream();
        Map<String, String> envs = Map.of();

        public ProcStarter cmds(String... args) {
            commands = List.of(args);
            return this;
        }

        public ProcStarter pwd(@CheckForNull FilePath workDir) {
            pwd = workDir;
            return this;
        }

        public ProcStarter stdout(@CheckForNull OutputStream out) {
            stdout = out == null ? OutputStream.nullOutputStream() : out;
            return this;
        }

        /** As upstream: variables added to (or replacing) those the launched process inherits. */
        public ProcStarter envs(@NonNull Map<String, String> overrides) {
            envs = Map.copyOf(overrides);
            return this;
        }

        public Proc start() throws IOException {
            return launch(this);
        }
    }
}
