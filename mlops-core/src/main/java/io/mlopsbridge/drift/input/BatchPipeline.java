package io.mlopsbridge.drift.input;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Parses chunks on worker threads while keeping their order: a producer thread submits parse tasks, the consumer
 * takes the results in submission order. The queue is bounded, so at most {@code depth} chunks are in memory
 * however large the file.
 */
final class BatchPipeline implements AutoCloseable {
    private static final Future<ColumnBatch> END = CompletableFuture.completedFuture(null);
    private static final AtomicInteger POOL = new AtomicInteger();

    /** The reader and the parsers, waited for on close. */
    private final ReadThreads threads = new ReadThreads();
    private final ExecutorService workers;
    private final BlockingQueue<Future<ColumnBatch>> queue;
    private final Thread producer;
    /** What is read, e.g. "current file data/cur.csv", for errors. */
    private final String input;

    /** A task run on the producer thread; it calls {@link #submit} per chunk. */
    interface Producer {
        void run(BatchPipeline pipeline) throws Exception;
    }

    /** {@code input} names what is read in errors, e.g. "current file data/cur.csv". */
    BatchPipeline(String input, int workerCount, int depth, Producer body) {
        this.input = input;
        int pool = POOL.incrementAndGet();
        this.workers = threads.fixedPool(workerCount, n -> "mlops-drift-parse-" + pool + "-" + n);
        this.queue = new ArrayBlockingQueue<>(depth);
        this.producer = threads.newThread(() -> {
            try {
                body.run(this);
                queue.put(END);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Throwable e) { // an Error too: the consumer waits for what this thread queues
                try {
                    queue.put(CompletableFuture.failedFuture(e));
                } catch (InterruptedException ignored) {
                    Thread.currentThread().interrupt();
                }
            }
        }, "mlops-drift-read-" + pool);
    }

    void start() {
        producer.start();
    }

    /** Producer side: queue a parse task (blocks while the queue is full). */
    void submit(Callable<ColumnBatch> task) throws InterruptedException {
        queue.put(workers.submit(task));
    }

    /** Consumer side: the next batch in order, or null at the end. */
    ColumnBatch next() {
        try {
            return queue.take().get();
        } catch (InterruptedException e) {
            throw ReadInterrupted.abort();
        } catch (ExecutionException e) {
            throw WorkerFailure.of(e.getCause(), input);
        }
    }

    /**
     * Stops the reader and the parsers and waits for them, so that a read that ends (an abort too) leaves no thread
     * running and its file closed: a Jenkins step aborted on an agent may have its workspace wiped next, and an
     * open file keeps it from being deleted on Windows. The caller's interrupt is kept for it to act on.
     */
    @Override
    public void close() {
        producer.interrupt();
        workers.shutdownNow();
        queue.clear();
        threads.join();
    }
}
