package io.mlopsbridge.drift;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/**
 * The samples of src/test/python/ks_large_golden.py, regenerated bit for bit (SplitMix64 counters and IEEE double
 * arithmetic), with scipy's ks_2samp results for them from ks-large-golden.json.
 */
final class GoldenSamples {
    private static final long GAMMA = 0x9E3779B97F4A7C15L;

    private GoldenSamples() {
    }

    static JsonNode golden() {
        try (InputStream in = GoldenSamples.class.getResourceAsStream("/io/mlopsbridge/drift/ks-large-golden.json")) {
            return new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The golden sample whose name starts with {@code prefix}. */
    static JsonNode sample(String prefix) {
        for (JsonNode s : golden().get("samples")) {
            if (s.get("name").asText().startsWith(prefix)) {
                return s;
            }
        }
        throw new IllegalArgumentException("no golden sample " + prefix);
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Irwin–Hall(4) values around 0, shifted, optionally floored to a step (ties). */
    static double[] values(JsonNode spec) {
        long seed = spec.get("seed").asLong();
        int size = spec.get("size").asInt();
        double shift = spec.get("shift").asDouble();
        double step = spec.get("step").asDouble();
        double[] values = new double[size];
        for (int k = 0; k < size; k++) {
            double sum = 0;
            for (int j = 0; j < 4; j++) {
                long i = 4L * k + j + 1;
                double u = (mix(seed + i * GAMMA) >>> 11) * 0x1.0p-53;
                sum = j == 0 ? u : sum + u;
            }
            double v = sum - 2.0 + shift;
            values[k] = step != 0 ? Math.floor(v / step) * step : v;
        }
        return values;
    }

    /** A one-column CSV ({@code amount}) of the values, in a shuffled row order when {@code shuffleSeed != 0}. */
    static Path writeCsv(Path file, double[] values, long shuffleSeed) {
        double[] rows = values.clone();
        if (shuffleSeed != 0) {
            Random random = new Random(shuffleSeed);
            for (int i = rows.length - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                double t = rows[i];
                rows[i] = rows[j];
                rows[j] = t;
            }
        }
        try (BufferedWriter w = Files.newBufferedWriter(file)) {
            w.write("amount\n");
            for (double v : rows) {
                w.write(Double.toString(v));
                w.write('\n');
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }
}
