package hudson;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;

/**
 * Test-only (in this package to reach the subset's package-private constructors): a launcher for the machine the
 * tests run on, as Jenkins' local launcher on an agent: the command with the agent's variables plus the step's,
 * in the given folder, its output (and errors) to the given stream; {@code kill()}, or an interrupt while joining,
 * kills its tree.
 */
public final class TestLaunchers {
    private TestLaunchers() {
    }

    public static Launcher local() {
        return new Launcher() {
            @Override
            public Proc launch(ProcStarter starter) throws IOException {
                ProcessBuilder builder = new ProcessBuilder(starter.commands).redirectErrorStream(true);
                if (starter.pwd != null) {
                    builder.directory(starter.pwd.file);
                }
                builder.environment().putAll(starter.envs);
                return new LocalProcess(builder.start(), starter.stdout);
            }
        };
    }

    private static final class LocalProcess extends Proc {
        private final Process process;
        private final Thread copier;

        LocalProcess(Process process, OutputStream out) {
            this.process = process;
            this.copier = new Thread(() -> copy(process.getInputStream(), out), "process output");
            copier.setDaemon(true);
            copier.start();
        }

        private static void copy(InputStream in, OutputStream out) {
            try (in) {
                in.transferTo(out);
                out.flush();
            } catch (IOException e) {
                // the process was killed; its output ends here
            }
        }

        @Override
        public int join() throws InterruptedException {
            try {
                int exit = process.waitFor();
                copier.join();
                return exit;
            } catch (InterruptedException e) {
                kill();
                throw e;
            }
        }

        @Override
        public void kill() {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }

}
