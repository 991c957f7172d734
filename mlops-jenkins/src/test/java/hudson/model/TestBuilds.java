package hudson.model;

import java.io.File;

/** Test-only: a pipeline build whose folder is a temporary directory (reaches the subset's package-private hook). */
public final class TestBuilds {
    private TestBuilds() {
    }

    public static Run<?, ?> build(File rootDir) {
        return new TestRun(rootDir);
    }

    static final class TestJob extends Job<TestJob, TestRun> {
    }

    static final class TestRun extends Run<TestJob, TestRun> {
        TestRun(File rootDir) {
            super(rootDir);
        }

        @Override
        public int compareTo(TestRun other) {
            return getRootDir().compareTo(other.getRootDir());
        }
    }
}
