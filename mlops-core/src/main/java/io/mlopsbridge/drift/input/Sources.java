package io.mlopsbridge.drift.input;

import io.mlopsbridge.core.MlopsException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Opens a data file by its kind: Parquet (by the {@code PAR1} magic or the extension) or CSV; a directory as its part
 * files.
 */
public final class Sources {
    private Sources() {
    }

    /** A file, or a directory of part files read as one table ({@link PartitionedSource}). */
    public static TabularSource open(Path path, String role, CsvFormat format) {
        if (!Files.exists(path)) {
            throw MlopsException.input(role + " file " + path + " does not exist", "check the path");
        }
        if (Files.isDirectory(path)) {
            PartitionedSource parts = PartitionedSource.open(path, role, format);
            return parts.parts().size() == 1 ? parts.parts().get(0) : parts;
        }
        return openFile(path, role, format);
    }

    /**
     * As {@link #open(Path, String, CsvFormat)}; a CSV file is profiled in {@code partitions} parts cut at line breaks
     * and read in parallel (0: the automatic choice, see {@link CsvSource#plannedParts()}; 1: one pass).
     */
    public static TabularSource open(Path path, String role, CsvFormat format, int partitions) {
        TabularSource source = open(path, role, format);
        return source instanceof CsvSource csv ? csv.partitioned(partitions) : source;
    }

    static TabularSource openFile(Path path, String role, CsvFormat format) {
        if (ParquetSource.looksLikeParquet(path)) {
            return ParquetSource.open(path, role);
        }
        return CsvSource.open(path, role, format);
    }
}
