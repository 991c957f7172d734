package io.mlopsbridge.drift.input;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.mlopsbridge.core.ErrorKind;
import io.mlopsbridge.core.MlopsException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Whatever a worker thread of a read throws reaches the thread waiting for its batches: an Error too, which once killed
 * the reader thread without a word and left the consumer waiting for ever.
 */
class BatchPipelineTest {
    /** Far below any real read's pace; a consumer left waiting would never get there. */
    private static final Duration LIVENESS = Duration.ofSeconds(10);

    @Test
    void theHeapRunningOutOnTheReaderThreadEndsTheReadAsAnInputErrorNamingTheFile() {
        assertTimeoutPreemptively(LIVENESS, () -> {
            try (BatchPipeline pipeline = new BatchPipeline("current file /data/longline.csv", 1, 2, p -> {
                throw new OutOfMemoryError("Java heap space");
            })) {
                pipeline.start();
                assertThatThrownBy(pipeline::next).isInstanceOfSatisfying(MlopsException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.INPUT);
                    assertThat(e.getMessage())
                            .contains("current file /data/longline.csv").contains("Java heap");
                    assertThat(e.hint().orElse("")).contains("MLOPS_JAVA_OPTS=-Xmx");
                });
            }
        });
    }

    @Test
    void theHeapRunningOutOnAParserThreadEndsTheReadAsAnInputErrorNamingTheFile() {
        assertTimeoutPreemptively(LIVENESS, () -> {
            try (BatchPipeline pipeline = new BatchPipeline("reference file ref.csv", 1, 2, p -> p.submit(() -> {
                throw new OutOfMemoryError("Java heap space");
            }))) {
                pipeline.start();
                assertThatThrownBy(pipeline::next).isInstanceOf(MlopsException.class)
                        .hasMessageContaining("reference file ref.csv");
            }
        });
    }

    @Test
    void anyOtherErrorOnTheReaderThreadReachesTheConsumer() {
        assertTimeoutPreemptively(LIVENESS, () -> {
            try (BatchPipeline pipeline = new BatchPipeline("current file cur.csv", 1, 2, p -> {
                throw new StackOverflowError();
            })) {
                pipeline.start();
                assertThatThrownBy(pipeline::next).isInstanceOf(StackOverflowError.class);
            }
        });
    }
}
