package io.mlopsbridge.drift;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/** Realistic test tables: loan applications with an amount, an age, a region and a channel. */
final class DriftData {
    static final String HEADER = "amount,age,region,channel";
    private static final String[] REGIONS = {"north", "south", "east", "west", "central"};

    private DriftData() {
    }

    /** Rows with amounts ~ N(1000 + shift·250, 250), ages 18..80, regions (skewed if shifted), two channels. */
    static List<String> rows(int n, long seed, double shift) {
        Random random = new Random(seed);
        List<String> rows = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            double amount = 1000 + shift * 250 + random.nextGaussian() * 250;
            int age = 18 + (int) Math.min(62, Math.abs(random.nextGaussian() * 15 + shift * 8));
            String region = shift > 0 && random.nextDouble() < shift * 0.5 ? "north"
                    : REGIONS[random.nextInt(REGIONS.length)];
            String channel = random.nextDouble() < 0.3 + shift * 0.2 ? "web" : "branch";
            rows.add(String.format(Locale.ROOT, "%.2f,%d,%s,%s", amount, age, region, channel));
        }
        return rows;
    }

    static Path write(Path dir, String name, List<String> rows) {
        return write(dir, name, HEADER, rows);
    }

    static Path write(Path dir, String name, String header, List<String> rows) {
        Path file = dir.resolve(name);
        try (BufferedWriter w = Files.newBufferedWriter(file)) {
            w.write(header);
            w.write('\n');
            for (String row : rows) {
                w.write(row);
                w.write('\n');
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    static List<String> shuffled(List<String> rows, long seed) {
        List<String> copy = new ArrayList<>(rows);
        Collections.shuffle(copy, new Random(seed));
        return copy;
    }
}
