package io.mlopsbridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The end-to-end test's process watcher can see what a script leaves behind, so "nothing left" is a real check. */
class DemoRunTest {

    @Test
    void aProcessTheScriptLeavesRunningInItsOwnSessionIsReportedAsLeftBehind(@TempDir Path dir) throws Exception {
        Path script = Files.writeString(dir.resolve("leaky.sh"),
                "#!/usr/bin/env bash\nsetsid sleep 300 </dev/null >/dev/null 2>&1 &\nsleep 1\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        DemoRun run = DemoRun.startScript(script, dir, dir.resolve("out.txt"));

        assertThat(run.awaitExit(Duration.ofMinutes(1))).isZero();
        List<ProcessHandle> left = run.leftBehind(Duration.ofMillis(500));
        try {
            assertThat(left).singleElement()
                    .satisfies(p -> assertThat(p.info().commandLine().orElse("")).contains("sleep 300"));
        } finally {
            left.forEach(ProcessHandle::destroyForcibly);
        }
    }
}
