import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * Writes a CSV of loan-like data for the drift benchmark: NUMERIC numeric columns (normal and log-normal, two
 * decimals) and CATEGORICAL categorical columns (5 to 50 categories), with a controllable shift in units of each
 * numeric column's standard deviation (categorical shares move by shift/2 towards the first category).
 *
 * Usage: java bench/DriftDataGenerator.java OUT.csv SIZE_MB SHIFT SEED [NUMERIC] [CATEGORICAL]
 */
public final class DriftDataGenerator {
    public static void main(String[] args) throws IOException {
        Path out = Path.of(args[0]);
        long targetBytes = Long.parseLong(args[1]) * 1_000_000L;
        double shift = Double.parseDouble(args[2]);
        SplittableRandom random = new SplittableRandom(Long.parseLong(args[3]));
        int numeric = args.length > 4 ? Integer.parseInt(args[4]) : 8;
        int categorical = args.length > 5 ? Integer.parseInt(args[5]) : 2;
        long written = 0;
        long rows = 0;
        try (OutputStream os = new BufferedOutputStream(Files.newOutputStream(out), 1 << 20)) {
            StringBuilder header = new StringBuilder();
            for (int j = 0; j < numeric; j++) {
                header.append(j == 0 ? "" : ",").append("num_").append(j);
            }
            for (int j = 0; j < categorical; j++) {
                header.append(",cat_").append(j);
            }
            header.append('\n');
            byte[] h = header.toString().getBytes();
            os.write(h);
            written += h.length;
            byte[] line = new byte[64 * (numeric + categorical)];
            while (written < targetBytes) {
                int n = 0;
                for (int j = 0; j < numeric; j++) {
                    if (j > 0) {
                        line[n++] = ',';
                    }
                    double mean = 100 * (j + 1);
                    double sd = 10 * (j + 1);
                    double v = j % 3 == 2
                            ? Math.exp(Math.log(mean) + 0.5 * (random.nextGaussian() + shift))
                            : mean + sd * (gaussian(random) + shift);
                    n = writeFixed2(line, n, v);
                }
                for (int j = 0; j < categorical; j++) {
                    line[n++] = ',';
                    int k = j % 2 == 0 ? 5 : 50;
                    int category = random.nextDouble() < shift / 2 ? 0 : random.nextInt(k);
                    line[n++] = 'c';
                    line[n++] = (byte) ('a' + j);
                    line[n++] = '_';
                    n = writeLong(line, n, category);
                }
                line[n++] = '\n';
                os.write(line, 0, n);
                written += n;
                rows++;
            }
        }
        System.out.printf("%s: %d rows, %.1f MB%n", out, rows, written / 1e6);
    }

    private static double gaussian(SplittableRandom random) {
        return random.nextGaussian();
    }

    private static int writeFixed2(byte[] b, int n, double v) {
        long cents = Math.round(v * 100);
        if (cents < 0) {
            b[n++] = '-';
            cents = -cents;
        }
        n = writeLong(b, n, cents / 100);
        b[n++] = '.';
        long frac = cents % 100;
        b[n++] = (byte) ('0' + frac / 10);
        b[n++] = (byte) ('0' + frac % 10);
        return n;
    }

    private static int writeLong(byte[] b, int n, long v) {
        if (v == 0) {
            b[n++] = '0';
            return n;
        }
        int start = n;
        while (v > 0) {
            b[n++] = (byte) ('0' + v % 10);
            v /= 10;
        }
        for (int i = start, j = n - 1; i < j; i++, j--) {
            byte t = b[i];
            b[i] = b[j];
            b[j] = t;
        }
        return n;
    }
}
