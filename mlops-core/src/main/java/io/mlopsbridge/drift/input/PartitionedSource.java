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
    /** The file the parts are byte ranges of, or null for the files of a directory. */
    private final CsvSource whole;
    private final boolean cut;

    private PartitionedSource(String name, List<TabularSource> parts, CsvSource whole) {
        this.name = name;
        this.parts = List.copyOf(parts);
        this.whole = whole;
        this.cut = whole != null;
    }

    /**
     * One CSV file cut at line breaks into {@link CsvSource#plannedParts()} parts, to be profiled in parallel. A cut
     * that lands inside a quoted field (a field with a line break) is only detected after the parts were read:
     * see {@link #cutsAtRecordBoundaries()}.
     */
    public static PartitionedSource cutOf(CsvSource file) {
        return new PartitionedSource(file.name(), List.copyOf(file.cut(file.plannedParts())), file.partitioned(1));
    }

    /** Whether the parts are byte ranges of one file (else the files of a directory). */
    public boolean isCut() {
        return cut;
    }

    /**
     * For a cut file, after its parts were read: whether every cut fell between records. A part that holds an odd
     * number of quote characters ends inside a quoted field, so the next part began in the middle of a record and
     * both parts were parsed wrongly: the file must be read in one pass instead. (Line breaks inside quoted fields
     * are fine anywhere else.) Always true for the files of a directory.
     */
    public boolean cutsAtRecordBoundaries() {
        if (!cut) {
            return true;
        }
        for (TabularSource part : parts.subList(0, parts.size() - 1)) {
            if (((CsvSource) part).endedInsideQuotes()) {
                return false;
            }
        }
        return true;
    }

    /**
     * What to add to the line numbers of part {@code index}'s bad-row examples to make them the file's: for a cut
     * file the lines of the parts before it (known once they were read), for the files of a directory 0 (their
     * examples name the part file instead, see {@link #forPart}).
     */
    public long lineOffset(int index) {
        if (!cut || index == 0) {
            return 0;
        }
        long line = ((CsvSource) parts.get(0)).firstDataLine();
        for (TabularSource part : parts.subList(0, index)) {
            line += ((CsvSource) part).linesRead();
        }
        return line - 1;
    }

    /**
     * The sink for part {@code index}'s batches when the parts are read on their own: bad-row examples of a directory's
     * part name the part file, since line numbers count within it; a cut file's parts keep their numbers, which the
     * caller shifts by {@link #lineOffset} once all parts are read.
     */
    public Consumer<ColumnBatch> forPart(int index, Consumer<ColumnBatch> sink) {
        return cut ? sink : namingPart(parts.get(index), sink);
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
        return new PartitionedSource(dir.toString(), parts, null);
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

    /** Reads the parts in order; a cut file is read as the file, in one pass. */
    @Override
    public List<ColumnKind> read(int[] columns, List<ColumnKind> kinds, ColumnGrids grids, Consumer<ColumnBatch> sink) {
        if (cut) {
            return whole.read(columns, kinds, grids, sink);
        }
        List<ColumnKind> used = kinds;
        for (int p = 0; p < parts.size(); p++) {
            used = parts.get(p).read(columns, used, grids, namingPart(parts.get(p), sink));
        }
        return used;
    }

    /** Bad-row examples of a part name the part file, since line numbers count within it. */
    private static Consumer<ColumnBatch> namingPart(TabularSource part, Consumer<ColumnBatch> sink) {
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
