package io.mlopsbridge.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class MaskingOutputStreamTest {
    private static final String TOKEN = "kfp-Tok3n-8d1e";
    private final ByteArrayOutputStream console = new ByteArrayOutputStream();
    private final MaskingOutputStream masked =
            new MaskingOutputStream(console, SecretMasker.of(List.of(TOKEN, "hunter22")));

    private String console() {
        return console.toString(StandardCharsets.UTF_8);
    }

    @Test
    void masksEverySecretInALine() throws IOException {
        masked.write(("curl -H 'Authorization: Bearer " + TOKEN + "' -u bob:hunter22\n")
                .getBytes(StandardCharsets.UTF_8));

        assertThat(console()).isEqualTo("curl -H 'Authorization: Bearer ****' -u bob:****\n");
    }

    @Test
    void leavesOrdinaryOutputByteForByte() throws IOException {
        String output = "epoch 3/10 — loss 0.2113, auc 0.951\n\ttrain.py done ✓\n";

        masked.write(output.getBytes(StandardCharsets.UTF_8));

        assertThat(console()).isEqualTo(output);
    }

    @Test
    void masksASecretWrittenInTwoPiecesEvenWhenFlushedBetween() throws IOException {
        PrintStream out = new PrintStream(masked, true, StandardCharsets.UTF_8);

        out.print("token=" + TOKEN.substring(0, 6));
        out.flush();
        assertThat(console()).isEmpty();
        out.println(TOKEN.substring(6) + " sent");

        assertThat(console()).isEqualTo("token=**** sent" + System.lineSeparator());
    }

    @Test
    void writesTheUnfinishedLastLineMaskedOnClose() throws IOException {
        masked.write(("last words: " + TOKEN).getBytes(StandardCharsets.UTF_8));
        assertThat(console()).isEmpty();

        masked.close();

        assertThat(console()).isEqualTo("last words: ****");
    }

    @Test
    void passesOnOutputWithoutLineBreaksInBoundedPieces() throws IOException {
        byte[] progress = "#".repeat(MaskingOutputStream.MAX_LINE + 10).getBytes(StandardCharsets.UTF_8);

        masked.write(progress);

        assertThat(console.size()).isEqualTo(MaskingOutputStream.MAX_LINE);
    }

    @Test
    void masksSingleByteWritesLikeBlockWrites() throws IOException {
        for (byte b : ("pw hunter22\n").getBytes(StandardCharsets.UTF_8)) {
            masked.write(b);
        }

        assertThat(console()).isEqualTo("pw ****\n");
    }
}
