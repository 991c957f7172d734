package io.mlopsbridge.drift.input;

import io.mlopsbridge.core.MlopsException;
import io.mlopsbridge.drift.ColumnKind;
import io.mlopsbridge.drift.profile.BadRows;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * A data set written as part files in one directory (as Spark, Beam or a split export write it: {@code part-00000.csv},
 * {@code part-00001.csv}, ...), read as one table in file-name order. All parts must have the same header. Reading it
 * front to back goes part by part; {@link #parts()} lets the profiler read the parts in parallel instead.
 */
public final class PartitionedSource implements TabularSource {
    private final String name;
    private final List<TabularSource> parts;

    private PartitionedSource(String name, List<TabularSource> parts) {
        this.name = name;
        this.parts = List.copyOf(parts);
    }

    /** The data files of {@code dir} (hidden files and markers such as {@code _SUCCESS} left out), by name. */
    public static PartitionedSource open(Path dir, String role, CsvFormat format) {
        List<Path> files;
        try (Stream<Path> list = Files.list(dir)) {
            files = list.filter(Files::isRegularFile)
                    .filter(p -> !p.getFileName().toString().startsWith(".")
                            && !p.getFileName().toString().startsWith("_"))
                    .sorted().toList();
        } catch (IOException e) {
            throw MlopsException.input("cannot list " + role + " directory " + dir + ": " + e.getMessage(),
                    "check that the directory is readable on this agent");
        }
        if (files.isEmpty()) {
            throw MlopsException.input(role + " directory " + dir + " has no data files",
                    "give a CSV or Parquet file, or a directory of part files with the same header");
        }
        List<TabularSource> parts = new ArrayList<>();
        for (Path file : files) {
            TabularSource part = Sources.openFile(file, role, format);
            if (!parts.isEmpty() && !part.header().equals(parts.get(0).header())) {
                throw MlopsException.input(role + " part " + file.getFileName() + " has the header "
                                + part.header() + ", unlike " + parts.get(0).name() + " " + parts.get(0).header(),
                        "all part files of a directory must have the same columns in the same order");
            }
            parts.add(part);
        }
        return new PartitionedSource(dir.toString(), parts);
    }

    public List<TabularSource> parts() {
        return parts;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public long sizeBytes() {
        long total = 0;
        for (TabularSource part : parts) {
            long size = part.sizeBytes();
            if (size < 0) {
                return -1;
            }
            total += size;
        }
        return total;
    }

    @Override
    public List<String> header() {
        return parts.get(0).header();
    }

    @Override
    public List<ColumnKind> declaredKinds() {
        return parts.get(0).declaredKinds();
    }

    @Override
    public List<ColumnKind> read(int[] columns, List<ColumnKind> kinds, ColumnGrids grids, Consumer<ColumnBatch> sink) {
        List<ColumnKind> used = parts.get(0).read(columns, kinds, grids, namingPart(parts.get(0), sink));
        for (TabularSource part : parts.subList(1, parts.size())) {
            part.read(columns, used, grids, namingPart(part, sink));
        }
        return used;
    }

    /** Bad-row examples of a part name the part file, since line numbers count within it. */
    public static Consumer<ColumnBatch> namingPart(TabularSource part, Consumer<ColumnBatch> sink) {
        String file = Path.of(part.name()).getFileName().toString();
        return batch -> {
            if (!batch.badExamples.isEmpty()) {
                List<BadRows.Example> named = batch.badExamples.stream()
                        .map(e -> new BadRows.Example(e.line(), e.lastLine(), file + ": " + e.reason())).toList();
                batch.badExamples.clear();
                batch.badExamples.addAll(named);
            }
            sink.accept(batch);
        };
    }
}
