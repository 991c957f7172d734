package io.mlopsbridge.bench;

import com.sun.management.OperatingSystemMXBean;
import io.mlopsbridge.http.HttpSettings;
import io.mlopsbridge.kfp.ExamplePipelines;
import io.mlopsbridge.kfp.KfpClient;
import io.mlopsbridge.kfp.KfpConfig;
import io.mlopsbridge.kfp.KfpExperiment;
import io.mlopsbridge.kfp.KfpRun;
import io.mlopsbridge.kfp.KfpRunWaiter;
import io.mlopsbridge.kfp.PipelineSpecFile;
import io.mlopsbridge.kfp.PipelineUploader;
import io.mlopsbridge.kfp.RunRequest;
import io.mlopsbridge.kfp.RunState;
import io.mlopsbridge.kfp.fake.FakeKfpServer;
import io.mlopsbridge.kfp.fake.RunScript;
import io.mlopsbridge.log.BuildLog;
import io.mlopsbridge.wait.Wait;
import io.mlopsbridge.wait.WaitPolicy;
import io.mlopsbridge.wait.WaitScheduler;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * N concurrent waits for KFP runs against the fake server, two ways in one JVM: the shared {@link WaitScheduler}
 * (4 threads, 2 s → 30 s backoff) and the Python SDK's {@code wait_for_run_completion} pattern (one blocking
 * thread per run, {@code GET /runs/{id}} every 5 s). Runs last 60 s plus up to 30 s at random. Reports threads, CPU and
 * requests per second of each, and their ratios.
 *
 * <p>Run: {@code bench/kfp-waits.sh [runs] [runSeconds]} (defaults 1000 and 60).
 */
public final class KfpWaitBenchmark {
    private static final Duration SDK_SLEEP = Duration.ofSeconds(5);
    /** Run lengths vary by up to this, so run ends do not line up with either pattern's poll times. */
    private static final Duration SPREAD = Duration.ofSeconds(30);

    record Result(String name, int peakExtraThreads, double cpuSeconds, double clientCpuSeconds, double wallSeconds,
                  int requests, int succeeded, double meanNoticeSeconds) {
        double requestsPerSecond() {
            return requests / wallSeconds;
        }
    }

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        Duration runFor = Duration.ofSeconds(args.length > 1 ? Long.parseLong(args[1]) : 60);
        FakeKfpServer kfp = new FakeKfpServer(8);
        kfp.start();
        HttpSettings http = HttpSettings.defaults().withTimeouts(Duration.ofSeconds(10), Duration.ofSeconds(30));
        KfpClient client = new KfpClient(KfpConfig.of(kfp.url()).withHttp(http));
        PipelineSpecFile file = ExamplePipelines.fraudDetection();
        PipelineUploader.Published published = new PipelineUploader(client, BuildLog.silent())
                .publish(file, "fraud-detection", "bench");
        KfpExperiment experiment = client.findOrCreateExperiment("bench");
        RunRequest.PipelineVersionReference ref = new RunRequest.PipelineVersionReference(
                published.pipeline().pipelineId(), published.version().pipelineVersionId());

        System.out.printf("%d concurrent runs, each RUNNING for %ds + up to %ds, fake KFP server in the same JVM%n",
                runs, runFor.toSeconds(), SPREAD.toSeconds());
        // Warm up both code paths (JIT, connection pool) so neither measured phase pays for it.
        kfp.runsFollow(RunScript.succeedsAfter(Duration.ofSeconds(2)));
        measure("warm-up", kfp, () -> schedulerWaits(kfp, client, experiment, ref, 20, Duration.ofSeconds(2)));
        measure("warm-up", kfp, () -> threadPerRunWaits(kfp, client, experiment, ref, 20, Duration.ofSeconds(2)));
        kfp.runsFollow(RunScript.succeedsAfter(runFor, SPREAD));
        List<Result> results = new ArrayList<>();
        results.add(measure("scheduler", kfp, () -> schedulerWaits(kfp, client, experiment, ref, runs, runFor)));
        results.add(measure("thread-per-run", kfp,
                () -> threadPerRunWaits(kfp, client, experiment, ref, runs, runFor)));
        kfp.stop();

        System.out.println();
        System.out.println("| pattern | peak extra threads | client CPU s | process CPU s | wall s | requests "
                + "| req/s | succeeded | mean s from run end to wait end |");
        System.out.println("| --- | --- | --- | --- | --- | --- | --- | --- | --- |");
        for (Result r : results) {
            System.out.printf("| %s | %d | %.2f | %.1f | %.1f | %d | %.1f | %d/%d | %.1f |%n", r.name(),
                    r.peakExtraThreads(), r.clientCpuSeconds(), r.cpuSeconds(), r.wallSeconds(), r.requests(),
                    r.requestsPerSecond(), r.succeeded(), runs, r.meanNoticeSeconds());
        }
        Result ours = results.get(0);
        Result sdk = results.get(1);
        System.out.printf("%nratios scheduler / thread-per-run: threads %.3f, client CPU %.2f, process CPU %.2f, "
                        + "requests %.2f%n",
                (double) ours.peakExtraThreads() / sdk.peakExtraThreads(),
                ours.clientCpuSeconds() / sdk.clientCpuSeconds(), ours.cpuSeconds() / sdk.cpuSeconds(),
                (double) ours.requests() / sdk.requests());
    }

    /** How many runs succeeded and the mean delay between a run's end and its wait noticing. */
    record Outcome(int succeeded, double meanNoticeSeconds, double clientCpuSeconds) {
    }

    interface Phase {
        Outcome run() throws Exception;
    }

    private static Result measure(String name, FakeKfpServer kfp, Phase phase) throws Exception {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        System.gc();
        int baseline = threads.getThreadCount();
        threads.resetPeakThreadCount();
        kfp.clearCalls();
        long cpu0 = os.getProcessCpuTime();
        long t0 = System.nanoTime();
        Outcome outcome = phase.run();
        double wall = (System.nanoTime() - t0) / 1e9;
        double cpu = (os.getProcessCpuTime() - cpu0) / 1e9;
        Result r = new Result(name, threads.getPeakThreadCount() - baseline, cpu, outcome.clientCpuSeconds(), wall,
                kfp.callCount(), outcome.succeeded(), outcome.meanNoticeSeconds());
        System.out.printf("%s: done in %.1fs%n", name, wall);
        return r;
    }

    private static double secondsSince(java.time.Instant t) {
        return Duration.between(t, java.time.Instant.now()).toMillis() / 1000.0;
    }

    private static RunRequest request(KfpExperiment experiment, RunRequest.PipelineVersionReference ref, int i) {
        return new RunRequest("bench-" + i, null, experiment.experimentId(), ref,
                new RunRequest.RuntimeConfig(Map.of("release_version", "bench"), null), null, null);
    }

    private static Outcome schedulerWaits(FakeKfpServer kfp, KfpClient client, KfpExperiment experiment,
                                          RunRequest.PipelineVersionReference ref, int runs, Duration runFor) {
        try (WaitScheduler scheduler = new WaitScheduler(WaitScheduler.DEFAULT_THREADS, Clock.systemUTC())) {
            KfpRunWaiter waiter = new KfpRunWaiter(client);
            WaitPolicy policy = WaitPolicy.withDefaults().withTimeout(Duration.ofMinutes(30));
            List<Wait<KfpRun>> waits = new ArrayList<>();
            double[] notice = new double[runs];
            for (int i = 0; i < runs; i++) {
                int index = i;
                Wait<KfpRun> w = waiter.submit(request(experiment, ref, i), policy, BuildLog.silent(), scheduler);
                w.whenComplete((r, e) -> notice[index] = secondsSince(kfp.timedRunEnd(w.operationId())));
                waits.add(w);
            }
            int ok = 0;
            for (Wait<KfpRun> w : waits) {
                ok += w.await().state() == RunState.SUCCEEDED ? 1 : 0;
            }
            // OkHttp runs synchronous calls on the calling thread, so the wait threads carry all client work.
            ThreadMXBean mx = ManagementFactory.getThreadMXBean();
            long clientNanos = Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> t.getName().startsWith("mlops-wait-"))
                    .mapToLong(t -> Math.max(0, mx.getThreadCpuTime(t.getId()))).sum();
            return new Outcome(ok, java.util.Arrays.stream(notice).average().orElse(0), clientNanos / 1e9);
        }
    }

    /** The Python SDK's loop: get_run, stop on a final state, else time.sleep(5), one thread per run. */
    private static Outcome threadPerRunWaits(FakeKfpServer kfp, KfpClient client, KfpExperiment experiment,
                                             RunRequest.PipelineVersionReference ref, int runs, Duration runFor)
            throws Exception {
        CountDownLatch done = new CountDownLatch(runs);
        int[] ok = new int[1];
        double[] notice = new double[runs];
        java.util.concurrent.atomic.AtomicLong clientNanos = new java.util.concurrent.atomic.AtomicLong();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            String runId = client.createRun(request(experiment, ref, runs + i)).runId();
            int index = i;
            Thread t = new Thread(() -> {
                try {
                    while (true) {
                        KfpRun run = client.getRun(runId);
                        if (run.state().isFinal()) {
                            notice[index] = secondsSince(kfp.timedRunEnd(runId));
                            synchronized (ok) {
                                ok[0] += run.state() == RunState.SUCCEEDED ? 1 : 0;
                            }
                            return;
                        }
                        Thread.sleep(SDK_SLEEP.toMillis());
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    clientNanos.addAndGet(ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime());
                    done.countDown();
                }
            }, "sdk-wait-" + i);
            t.start();
            threads.add(t);
        }
        done.await();
        return new Outcome(ok[0], java.util.Arrays.stream(notice).average().orElse(0), clientNanos.get() / 1e9);
    }
}
