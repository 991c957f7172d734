package hudson.model;

import java.io.File;

/** Test-only: a pipeline build whose folder is a temporary directory (reaches the subset's package-private hook). */
public final class TestBuilds {
    private TestBuilds() {
    }

    public static Run<?, ?> build(File rootDir) {
        return build(rootDir, "fraud/main", 1);
    }

    /** Build {@code number} of the job {@code jobFullName} (e.g. {@code team/fraud}), in {@code rootDir}. */
    public static Run<?, ?> build(File rootDir, String jobFullName, int number) {
        return new TestRun(rootDir, new TestJob(jobFullName), number);
    }

    /** The result the build's steps set, or null when none did. */
    public static Result result(Run<?, ?> run) {
        return run.result();
    }

    static final class TestJob extends Job<TestJob, TestRun> {
        TestJob(String fullName) {
            super(fullName);
        }
    }

    static final class TestRun extends Run<TestJob, TestRun> {
        TestRun(File rootDir, TestJob job, int number) {
            super(rootDir, job, number);
        }

        @Override
        public int compareTo(TestRun other) {
            return getRootDir().compareTo(other.getRootDir());
        }
    }
}
