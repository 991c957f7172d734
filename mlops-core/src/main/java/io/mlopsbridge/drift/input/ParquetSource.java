package io.mlopsbridge.drift.input;

import io.mlopsbridge.core.MlopsException;
import io.mlopsbridge.drift.ColumnKind;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ColumnReader;
import org.apache.parquet.column.impl.ColumnReadStoreImpl;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.example.data.simple.convert.GroupRecordConverter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;

/**
 * A Parquet file read column-wise (only the selected columns are decoded), without a Hadoop installation.
 * Top-level primitive columns are supported: numbers (INT32, INT64, FLOAT, DOUBLE, and DECIMAL stored as INT32 or
 * INT64) are numeric; strings, enums and booleans are categorical. Nulls count as missing.
 */
public final class ParquetSource implements TabularSource {
    /** Rows per batch: bounds memory when row groups are large. */
    static final int BATCH_ROWS = 65_536;

    /** INT96 timestamps and fixed-length binaries are left out of the header (not comparable as they are). */
    private static final java.util.Set<PrimitiveType.PrimitiveTypeName> SUPPORTED = java.util.EnumSet.of(
            PrimitiveType.PrimitiveTypeName.INT32, PrimitiveType.PrimitiveTypeName.INT64,
            PrimitiveType.PrimitiveTypeName.FLOAT, PrimitiveType.PrimitiveTypeName.DOUBLE,
            PrimitiveType.PrimitiveTypeName.BINARY, PrimitiveType.PrimitiveTypeName.BOOLEAN);

    private final Path path;
    private final String role;
    private final MessageType schema;
    private final List<String> header;
    private final List<PrimitiveType> types;

    private ParquetSource(Path path, String role, MessageType schema, List<String> header, List<PrimitiveType> types) {
        this.path = path;
        this.role = role;
        this.schema = schema;
        this.header = header;
        this.types = types;
    }

    /** True for files that start with Parquet's magic bytes {@code PAR1}. */
    static boolean looksLikeParquet(Path path) {
        try (InputStream in = Files.newInputStream(path)) {
            byte[] magic = in.readNBytes(4);
            return magic.length == 4 && magic[0] == 'P' && magic[1] == 'A' && magic[2] == 'R' && magic[3] == '1';
        } catch (IOException e) {
            return false;
        }
    }

    /** What a failed read throws: our own error as it is, an interrupt as an abort, anything else as bad input. */
    private static MlopsException failure(String role, Path path, Exception e) {
        if (e instanceof MlopsException m) {
            return m;
        }
        java.util.function.Supplier<MlopsException> unreadable = () -> MlopsException.input("cannot read " + role
                + " Parquet file " + path + ": " + e.getMessage(), "check that it is a complete Parquet file");
        return e instanceof IOException io ? ReadInterrupted.or(io, unreadable) : unreadable.get();
    }

    public static ParquetSource open(Path path, String role) {
        try (ParquetFileReader reader = ParquetFileReader.open(new LocalInputFile(path), ParquetCodecs.readOptions())) {
            MessageType schema = reader.getFooter().getFileMetaData().getSchema();
            List<String> header = new ArrayList<>();
            List<PrimitiveType> types = new ArrayList<>();
            for (Type field : schema.getFields()) {
                if (field.isPrimitive() && !field.isRepetition(Type.Repetition.REPEATED)
                        && SUPPORTED.contains(field.asPrimitiveType().getPrimitiveTypeName())) {
                    header.add(field.getName());
                    types.add(field.asPrimitiveType());
                }
            }
            if (header.isEmpty()) {
                throw MlopsException.input(role + " file " + path + " has no flat columns",
                        "drift compares top-level number, string and boolean columns");
            }
            return new ParquetSource(path, role, schema, List.copyOf(header), List.copyOf(types));
        } catch (IOException | RuntimeException e) {
            throw failure(role, path, e);
        }
    }

    @Override
    public String name() {
        return path.getFileName().toString();
    }

    @Override
    public List<String> header() {
        return header;
    }

    @Override
    public List<ColumnKind> declaredKinds() {
        List<ColumnKind> kinds = new ArrayList<>();
        for (PrimitiveType type : types) {
            kinds.add(kindOf(type));
        }
        return kinds;
    }

    private static ColumnKind kindOf(PrimitiveType type) {
        return switch (type.getPrimitiveTypeName()) {
            case INT32, INT64, FLOAT, DOUBLE -> ColumnKind.NUMERIC;
            default -> ColumnKind.CATEGORICAL;
        };
    }

    @Override
    public List<ColumnKind> read(int[] columns, List<ColumnKind> kinds, ColumnGrids grids,
                                 Consumer<ColumnBatch> sink) {
        List<ColumnKind> used = new ArrayList<>(kinds);
        boolean[] numeric = new boolean[columns.length];
        for (int i = 0; i < columns.length; i++) {
            PrimitiveType type = types.get(columns[i]);
            ColumnKind own = kindOf(type);
            if (used.get(i) == null) {
                used.set(i, own);
            }
            if (used.get(i) == ColumnKind.NUMERIC && own != ColumnKind.NUMERIC) {
                throw MlopsException.input("column '" + header.get(columns[i]) + "' of " + role + " file " + name()
                        + " is " + type.getPrimitiveTypeName() + ", not a number", "declare it categorical");
            }
            numeric[i] = used.get(i) == ColumnKind.NUMERIC;
        }
        try (BatchPipeline pipeline = new BatchPipeline(role + " file " + path, 1, 4, p -> produce(p, columns, numeric))) {
            pipeline.start();
            ColumnBatch batch;
            while ((batch = pipeline.next()) != null) {
                sink.accept(batch);
            }
        }
        return used;
    }

    /** Decodes row group by row group, {@value #BATCH_ROWS} rows at a time, on the reader thread. */
    private void produce(BatchPipeline pipeline, int[] columns, boolean[] numeric) throws InterruptedException {
        CategoryInterner interner = new CategoryInterner();
        try (ParquetFileReader reader = ParquetFileReader.open(new LocalInputFile(path), ParquetCodecs.readOptions())) {
            List<Type> projected = new ArrayList<>();
            for (int c : columns) {
                projected.add(schema.getType(header.get(c)));
            }
            MessageType projection = new MessageType(schema.getName(), projected);
            reader.setRequestedSchema(projection);
            String createdBy = reader.getFooter().getFileMetaData().getCreatedBy();
            long rowBase = 0;
            PageReadStore rowGroup;
            while ((rowGroup = reader.readNextRowGroup()) != null) {
                if (Thread.currentThread().isInterrupted()) {
                    throw new InterruptedException();
                }
                ColumnReadStoreImpl store = new ColumnReadStoreImpl(rowGroup,
                        new GroupRecordConverter(projection).getRootConverter(), projection, createdBy);
                ColumnReader[] readers = new ColumnReader[columns.length];
                for (int i = 0; i < columns.length; i++) {
                    ColumnDescriptor descriptor = projection.getColumnDescription(new String[] {header.get(columns[i])});
                    readers[i] = store.getColumnReader(descriptor);
                }
                long rows = rowGroup.getRowCount();
                for (long done = 0; done < rows; done += BATCH_ROWS) {
                    int n = (int) Math.min(BATCH_ROWS, rows - done);
                    ColumnBatch batch = decode(readers, columns, numeric, n, rowBase + done, interner);
                    pipeline.submit(() -> batch);
                }
                rowBase += rows;
            }
        } catch (IOException | RuntimeException e) {
            throw failure(role, path, e);
        }
    }

    private ColumnBatch decode(ColumnReader[] readers, int[] columns, boolean[] numeric, int rows, long firstRow,
                               CategoryInterner interner) {
        ColumnBatch batch = new ColumnBatch(numeric, rows);
        batch.rows = rows;
        boolean[] rowBad = null;
        String[] rowReason = null;
        for (int i = 0; i < readers.length; i++) {
            ColumnReader r = readers[i];
            PrimitiveType type = types.get(columns[i]);
            int maxDefinition = r.getDescriptor().getMaxDefinitionLevel();
            double scale = decimalScale(type);
            for (int k = 0; k < rows; k++) {
                if (r.getCurrentDefinitionLevel() < maxDefinition) {
                    batch.missing[i]++;
                } else if (numeric[i]) {
                    double v = switch (type.getPrimitiveTypeName()) {
                        case INT32 -> r.getInteger() / scale;
                        case INT64 -> r.getLong() / scale;
                        case FLOAT -> r.getFloat();
                        default -> r.getDouble();
                    };
                    if (Double.isFinite(v)) {
                        boolean integer = scale == 1 && (type.getPrimitiveTypeName() == PrimitiveType.PrimitiveTypeName.INT32
                                || type.getPrimitiveTypeName() == PrimitiveType.PrimitiveTypeName.INT64);
                        batch.addNumber(i, v, integer);
                    } else {
                        batch.bad[i]++;
                        if (rowBad == null) {
                            rowBad = new boolean[rows];
                            rowReason = new String[rows];
                        }
                        if (!rowBad[k]) {
                            rowBad[k] = true;
                            rowReason[k] = "NaN or infinity in numeric column '" + header.get(columns[i]) + "'";
                        }
                    }
                } else if (type.getPrimitiveTypeName() == PrimitiveType.PrimitiveTypeName.BOOLEAN) {
                    batch.addCategory(i, r.getBoolean() ? "true" : "false");
                } else {
                    Binary binary = r.getBinary();
                    byte[] bytes = binary.getBytesUnsafe();
                    String category = interner.intern(bytes, 0, bytes.length);
                    if (category != null) {
                        batch.addCategory(i, category);
                    } else {
                        batch.bad[i]++;
                        if (rowBad == null) {
                            rowBad = new boolean[rows];
                            rowReason = new String[rows];
                        }
                        if (!rowBad[k]) {
                            rowBad[k] = true;
                            rowReason[k] = "invalid UTF-8 in column '" + header.get(columns[i]) + "'";
                        }
                    }
                }
                r.consume();
            }
        }
        if (rowBad != null) {
            for (int k = 0; k < rows; k++) {
                if (rowBad[k]) {
                    batch.badRow(firstRow + k + 1, rowReason[k]);
                }
            }
        }
        return batch;
    }

    private static double decimalScale(PrimitiveType type) {
        if (type.getLogicalTypeAnnotation() instanceof LogicalTypeAnnotation.DecimalLogicalTypeAnnotation d) {
            return Math.pow(10, d.getScale());
        }
        return 1;
    }
}
