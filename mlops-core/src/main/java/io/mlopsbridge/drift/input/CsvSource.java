package io.mlopsbridge.drift.input;

import static io.mlopsbridge.drift.DriftInputNames.DELIMITER;
import static io.mlopsbridge.drift.DriftInputNames.QUOTE;

import io.mlopsbridge.core.MlopsException;
import io.mlopsbridge.drift.ColumnKind;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A CSV file with a header row, read in one pass: a reader thread cuts the file into chunks of whole records
 * (tracking quotes, so line breaks inside quoted fields are fine), worker threads parse chunks into column
 * batches, and the caller's thread receives the batches in file order.
 */
public final class CsvSource implements TabularSource {
    /** Chunk size: large enough to amortise hand-over, small enough that a few in flight stay a few MB. */
    static final int CHUNK_BYTES = 1 << 20;
    /** Rows used to infer whether a column is numeric. */
    static final int INFERENCE_ROWS = 10_000;
    /** Bytes read at most for inference. */
    static final long INFERENCE_BYTES = 4L << 20;

    /**
     * The longest record (a line, or lines joined by a quoted field) read: a record is held whole while it is cut
     * into chunks, so a file with no line break, or a quote left open, would otherwise be read into memory until the
     * heap runs out. Far above any row a drift check compares.
     */
    public static final int MAX_RECORD_BYTES = 16 << 20;

    /** Least data per part when a file is cut automatically: below it a part's pipeline costs more than it gains. */
    static final long MIN_AUTO_PART_BYTES = 128L << 20;
    /**
     * Least data per part whatever is asked (the window a cut searches for its line break): a smaller part costs a
     * pipeline of its own (a reader, parsers, a 1 MB chunk buffer) for less data than one chunk, and asking a small
     * file for thousands of parts made it take minutes.
     */
    public static final long MIN_PART_BYTES = 64L << 10;
    /** Cores per part when cutting automatically: one pipeline (a reader, parsers) keeps about this many busy. */
    static final int CORES_PER_AUTO_PART = 8;

    private final Path path;
    private final String role;
    private final CsvFormat format;
    private final List<String> header;
    private final long dataOffset;
    private final long firstDataLine;
    /** Where this source's data ends (exclusive), or -1 for the end of the file. */
    private final long dataEnd;
    /** Parts to cut the file into when profiling it; 0 for the automatic choice. */
    private final int partitions;
    private final int workers;
    // What the last read found, for the checks of a cut (see FileCut).
    private volatile long linesRead;
    private volatile boolean oddQuotes;

    private CsvSource(Path path, String role, CsvFormat format, List<String> header, long dataOffset,
                      long firstDataLine, long dataEnd, int partitions, int workers) {
        this.path = path;
        this.role = role;
        this.format = format;
        this.header = header;
        this.dataOffset = dataOffset;
        this.firstDataLine = firstDataLine;
        this.dataEnd = dataEnd;
        this.partitions = partitions;
        this.workers = workers;
    }

    /**
     * The same file, profiled as {@code parts} parts cut at line breaks and read in parallel (1: one pass; 0: the
     * automatic choice, {@link #plannedParts()}).
     */
    public CsvSource partitioned(int parts) {
        if (parts < 0) {
            throw new IllegalArgumentException("parts must be 0 (automatic) or more");
        }
        return new CsvSource(path, role, format, header, dataOffset, firstDataLine, dataEnd, parts, workers);
    }

    /**
     * Parts the profiler cuts this file into: as asked, but none smaller than 64 KiB ({@link #MIN_PART_BYTES}), or
     * automatically one per {@value #CORES_PER_AUTO_PART} cores with at least 128 MB each. One read pipeline (a reader
     * thread cutting 1 MB chunks, a parser thread per core) keeps up to about that many cores busy, so on smaller
     * machines one pass is as fast and a cut only adds the parts' own buffers.
     */
    public int plannedParts() {
        if (dataEnd >= 0) {
            return 1; // already a part
        }
        if (partitions > 0) {
            return (int) Math.max(1, Math.min(partitions, sizeBytes() / MIN_PART_BYTES));
        }
        long bySize = Math.max(1, sizeBytes() / MIN_AUTO_PART_BYTES);
        int byCores = Runtime.getRuntime().availableProcessors() / CORES_PER_AUTO_PART;
        return (int) Math.max(1, Math.min(bySize, byCores));
    }

    /**
     * Cuts the data into {@code parts} byte ranges of about equal size, each ending just after a line break (the
     * header stays with the file: every part has it as its header and none reads it as data). A line break inside a
     * quoted field looks like any other here; {@link FileCut} detects such a cut after the read. Fewer parts come out
     * when the file has fewer lines.
     */
    List<CsvSource> cut(int parts) {
        long end = dataEnd >= 0 ? dataEnd : fileSize();
        List<CsvSource> result = new ArrayList<>();
        long start = dataOffset;
        int partWorkers = Math.max(1, workers / parts);
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            for (int k = 1; k <= parts && start < end; k++) {
                long cut = k == parts ? end : lineEndAfter(channel, dataOffset + (end - dataOffset) * k / parts, end);
                if (cut > start) {
                    result.add(new CsvSource(path, role, format, header, start, k == 1 ? firstDataLine : 1, cut, 1,
                            partWorkers));
                    start = cut;
                }
            }
        } catch (IOException e) {
            throw unreadable(e, role, path);
        }
        return result;
    }

    /** The position just after the first line break at or after {@code from}, or {@code end}. */
    private static long lineEndAfter(FileChannel channel, long from, long end) throws IOException {
        ByteBuffer window = ByteBuffer.allocate((int) MIN_PART_BYTES);
        long position = Math.max(0, from - 1); // a break just before 'from' ends a line at 'from'
        while (position < end) {
            window.clear();
            int n = channel.read(window, position);
            if (n <= 0) {
                break;
            }
            for (int i = 0; i < n && position + i < end; i++) {
                if (window.get(i) == '\n') {
                    return position + i + 1;
                }
            }
            position += n;
        }
        return end;
    }

    /** Physical lines the last read went through (line breaks in its range). */
    long linesRead() {
        return linesRead;
    }

    /** Whether the last read's range held an odd number of quote characters (it ends inside a quoted field). */
    boolean endedInsideQuotes() {
        return oddQuotes;
    }

    /** The line number of this source's first data line (1 for a part after the first, counted within it). */
    long firstDataLine() {
        return firstDataLine;
    }

    private long fileSize() {
        try {
            return Files.size(path);
        } catch (IOException e) {
            throw unreadable(e, role, path);
        }
    }

    /** The error for a failed read of the file; an interrupt ends the read as an abort. */
    private static MlopsException unreadable(IOException e, String role, Path path) {
        return ReadInterrupted.or(e, () -> MlopsException.input("cannot read " + role + " file " + path + ": "
                + e.getMessage(), "check that the file is readable on this agent"));
    }

    /** Opens the file and reads its header; {@code role} ("reference" or "current") names it in errors. */
    public static CsvSource open(Path path, String role, CsvFormat format) {
        byte[] buffer = new byte[64 * 1024];
        int length = 0;
        int headerEnd = -1;
        try (InputStream in = Files.newInputStream(path)) {
            while (headerEnd < 0) {
                if (length == buffer.length) {
                    if (length > MAX_RECORD_BYTES) {
                        throw tooLong("the header of " + role + " file " + path);
                    }
                    buffer = grown(buffer);
                }
                int n = in.read(buffer, length, buffer.length - length);
                if (n < 0) {
                    break;
                }
                length += n;
                headerEnd = recordEnd(buffer, 0, length, (byte) format.quote());
            }
        } catch (NoSuchFileException e) {
            throw MlopsException.input(role + " file " + path + " does not exist", "check the path");
        } catch (IOException e) {
            throw unreadable(e, role, path);
        }
        int start = length >= 3 && (buffer[0] & 0xff) == 0xEF && (buffer[1] & 0xff) == 0xBB
                && (buffer[2] & 0xff) == 0xBF ? 3 : 0; // UTF-8 byte order mark
        int end = headerEnd < 0 ? length : headerEnd;
        if (isBlank(buffer, start, end)) {
            throw MlopsException.input(role + " file " + path + " is empty", "a CSV file needs a header row and data rows");
        }
        List<String> header = parseHeader(buffer, start, end, format, role, path);
        long lines = 1;
        for (int i = start; i < end - 1; i++) {
            if (buffer[i] == '\n') {
                lines++;
            }
        }
        return new CsvSource(path, role, format, header, end, lines + 1, -1, 0,
                Math.max(1, Runtime.getRuntime().availableProcessors()));
    }

    @Override
    public String name() {
        return path.getFileName().toString();
    }

    @Override
    public long sizeBytes() {
        try {
            return (dataEnd >= 0 ? dataEnd : Files.size(path)) - dataOffset;
        } catch (IOException e) {
            return -1;
        }
    }

    @Override
    public List<String> header() {
        return header;
    }

    @Override
    public List<ColumnKind> declaredKinds() {
        return java.util.Collections.nCopies(header.size(), null);
    }

    @Override
    public List<ColumnKind> read(int[] columns, List<ColumnKind> kinds, ColumnGrids grids,
                                 Consumer<ColumnBatch> sink) {
        ParserCompilerDirective.beforeRead(sizeBytes());
        List<ColumnKind> resolved = kinds.contains(null) ? infer(columns, kinds) : kinds;
        boolean[] numeric = new boolean[columns.length];
        String[] names = new String[columns.length];
        for (int i = 0; i < columns.length; i++) {
            numeric[i] = resolved.get(i) == ColumnKind.NUMERIC;
            names[i] = header.get(columns[i]);
        }
        try (BatchPipeline pipeline = new BatchPipeline(role + " file " + path, workers, 2 * workers + 2,
                p -> produce(p, columns, numeric, names, grids, Long.MAX_VALUE))) {
            pipeline.start();
            ColumnBatch batch;
            while ((batch = pipeline.next()) != null) {
                sink.accept(batch);
            }
        }
        return resolved;
    }

    /**
     * A column whose non-empty values in the first rows all parse as numbers (NaN and infinity included) is
     * numeric; anything else is categorical.
     */
    private List<ColumnKind> infer(int[] columns, List<ColumnKind> kinds) {
        boolean[] all = new boolean[columns.length];
        String[] names = new String[columns.length];
        Arrays.fill(all, false);
        for (int i = 0; i < columns.length; i++) {
            names[i] = header.get(columns[i]);
        }
        // Parse the sample as categories, then test each value as a number.
        ColumnBatch sample = new ColumnBatch(all, INFERENCE_ROWS);
        try (BatchPipeline pipeline = new BatchPipeline(role + " file " + path, 1, 2, p -> produce(p, columns, all, names, ColumnGrids.none(columns.length), INFERENCE_BYTES))) {
            pipeline.start();
            ColumnBatch batch;
            while ((batch = pipeline.next()) != null && sample.rows < INFERENCE_ROWS) {
                for (int c = 0; c < columns.length; c++) {
                    for (int k = 0; k < batch.categoryCount[c]; k++) {
                        sample.addCategory(c, batch.categories[c][k]);
                    }
                }
                sample.rows += batch.rows;
            }
        }
        NumberToken token = new NumberToken();
        List<ColumnKind> resolved = new ArrayList<>(kinds);
        for (int c = 0; c < columns.length; c++) {
            if (resolved.get(c) != null) {
                continue;
            }
            boolean numeric = sample.categoryCount[c] > 0;
            for (int k = 0; k < sample.categoryCount[c] && numeric; k++) {
                byte[] b = sample.categories[c][k].getBytes(StandardCharsets.UTF_8);
                numeric = token.parse(b, 0, b.length) != NumberToken.INVALID;
            }
            resolved.set(c, numeric ? ColumnKind.NUMERIC : ColumnKind.CATEGORICAL);
        }
        return resolved;
    }

    /** Reader thread: cuts the data into chunks of whole records and queues a parse task for each. */
    private void produce(BatchPipeline pipeline, int[] columns, boolean[] numeric, String[] names, ColumnGrids grids,
                         long maxBytes)
            throws InterruptedException {
        byte quote = (byte) format.quote();
        long line = firstDataLine;
        long bytesQueued = 0;
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            channel.position(dataOffset);
            InputStream in = Channels.newInputStream(channel);
            long remaining = dataEnd >= 0 ? dataEnd - dataOffset : Long.MAX_VALUE;
            byte[] buffer = new byte[CHUNK_BYTES];
            int length = 0;
            boolean eof = false;
            while (!eof) {
                if (Thread.currentThread().isInterrupted()) {
                    throw new InterruptedException();
                }
                int n = remaining == 0 ? -1 : in.read(buffer, length, (int) Math.min(buffer.length - length, remaining));
                if (n > 0) {
                    remaining -= n;
                }
                if (n < 0) {
                    eof = true;
                } else {
                    length += n;
                    if (length < buffer.length) {
                        continue;
                    }
                }
                long split = splitPoint(buffer, length, quote);
                int end = eof ? length : (int) (split >>> 32);
                if (end <= 0 && !eof) {
                    if (length > MAX_RECORD_BYTES) {
                        throw tooLong("line " + line + " of " + role + " file " + path);
                    }
                    buffer = grown(buffer); // one record longer than the buffer
                    continue;
                }
                byte[] chunk = buffer;
                int chunkLength = end;
                long chunkLine = line;
                long newlines = eof ? countNewlines(chunk, chunkLength) : split & 0xFFFFFFFFL;
                line += newlines;
                if (eof) {
                    // Every earlier chunk ended outside quotes, so this one decides how the range ends.
                    linesRead = line - firstDataLine;
                    oddQuotes = oddQuotes(chunk, chunkLength, quote);
                }
                CsvChunkParser parser = new CsvChunkParser(format, header.size(), columns, numeric, names, grids);
                if (chunkLength > 0) {
                    int rowsHint = (int) newlines + 1;
                    pipeline.submit(() -> parser.parse(chunk, chunkLength, chunkLine, rowsHint));
                }
                bytesQueued += chunkLength;
                byte[] next = new byte[Math.max(CHUNK_BYTES, length - end + 1)];
                System.arraycopy(buffer, end, next, 0, length - end);
                length -= end;
                buffer = next;
                if (bytesQueued >= maxBytes) {
                    return; // enough rows for type inference
                }
            }
        } catch (IOException e) {
            throw unreadable(e, role, path);
        }
    }

    /** Twice as large, but no larger than one byte past the longest record, which is then known to be too long. */
    private static byte[] grown(byte[] buffer) {
        return Arrays.copyOf(buffer, (int) Math.min(2L * buffer.length, MAX_RECORD_BYTES + 1L));
    }

    /** The error for a record over {@link #MAX_RECORD_BYTES}; {@code record} names it with its file. */
    private static MlopsException tooLong(String record) {
        return MlopsException.input(record + " is longer than " + (MAX_RECORD_BYTES >> 20) + " MiB",
                "check that every quote is closed and that each row ends with a line break (is " + DELIMITER + " or "
                        + QUOTE + " right?)");
    }

    /**
     * One pass over the buffer: the index after the last line break outside quotes (high 32 bits; 0 if none) and the
     * number of line breaks before it (low 32 bits).
     */
    private static long splitPoint(byte[] b, int length, byte quote) {
        boolean inQuotes = false;
        int last = 0;
        int lines = 0;
        int linesAtLast = 0;
        for (int i = 0; i < length; i++) {
            byte c = b[i];
            if (c == '\n') {
                lines++;
                if (!inQuotes) {
                    last = i + 1;
                    linesAtLast = lines;
                }
            } else if (c == quote) {
                inQuotes = !inQuotes;
            }
        }
        return ((long) last << 32) | linesAtLast;
    }

    /** Index after the first line break outside quotes, or -1. */
    private static int recordEnd(byte[] b, int from, int length, byte quote) {
        boolean inQuotes = false;
        for (int i = from; i < length; i++) {
            if (b[i] == quote) {
                inQuotes = !inQuotes;
            } else if (b[i] == '\n' && !inQuotes) {
                return i + 1;
            }
        }
        return -1;
    }

    private static boolean oddQuotes(byte[] b, int length, byte quote) {
        boolean odd = false;
        for (int i = 0; i < length; i++) {
            if (b[i] == quote) {
                odd = !odd;
            }
        }
        return odd;
    }

    private static long countNewlines(byte[] b, int length) {
        long n = 0;
        for (int i = 0; i < length; i++) {
            if (b[i] == '\n') {
                n++;
            }
        }
        return n;
    }

    private static boolean isBlank(byte[] b, int start, int end) {
        for (int i = start; i < end; i++) {
            if (b[i] != ' ' && b[i] != '\n' && b[i] != '\r' && b[i] != '\t') {
                return false;
            }
        }
        return true;
    }

    private static List<String> parseHeader(byte[] b, int start, int end, CsvFormat format, String role, Path path) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(b, start, end - start)).toString();
        } catch (CharacterCodingException e) {
            throw MlopsException.input("the header of " + role + " file " + path + " is not valid UTF-8",
                    "save the file as UTF-8");
        }
        if (text.endsWith("\n")) {
            text = text.substring(0, text.length() - 1);
        }
        if (text.endsWith("\r")) {
            text = text.substring(0, text.length() - 1);
        }
        List<String> names = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean inQuotes = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (inQuotes) {
                if (c == format.quote()) {
                    if (i + 1 < text.length() && text.charAt(i + 1) == format.quote()) {
                        field.append(c);
                        i++;
                    } else {
                        inQuotes = false;
                    }
                } else {
                    field.append(c);
                }
            } else if (c == format.quote() && field.length() == 0) {
                inQuotes = true;
            } else if (c == format.delimiter()) {
                names.add(field.toString().trim());
                field.setLength(0);
            } else {
                field.append(c);
            }
        }
        names.add(field.toString().trim());
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            if (name.isEmpty()) {
                throw MlopsException.input("the header of " + role + " file " + path + " has an empty name in column "
                        + (i + 1), "give every column a name (is " + DELIMITER + " right?)");
            }
            if (!seen.add(name)) {
                throw MlopsException.input("the header of " + role + " file " + path + " names column '" + name
                        + "' twice", "column names must be unique");
            }
        }
        return List.copyOf(names);
    }
}
