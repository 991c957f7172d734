package io.mlopsbridge.drift.input;

import io.mlopsbridge.core.MlopsException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Opens a data file by its kind: Parquet (by the {@code PAR1} magic or the extension) or CSV. */
public final class Sources {
    private Sources() {
    }

    public static TabularSource open(Path path, String role, CsvFormat format) {
        if (!Files.exists(path)) {
            throw MlopsException.input(role + " file " + path + " does not exist", "check the path");
        }
        if (Files.isDirectory(path)) {
            throw MlopsException.input(role + " path " + path + " is a directory", "give a CSV or Parquet file");
        }
        if (ParquetSource.looksLikeParquet(path)) {
            return ParquetSource.open(path, role);
        }
        return CsvSource.open(path, role, format);
    }
}
