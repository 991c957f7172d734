package io.mlopsbridge.drift.input;

import io.mlopsbridge.drift.profile.CategoryCounts;

/**
 * Parses a chunk of whole CSV records into a {@link ColumnBatch}. A row's values are staged and only committed
 * when the row has the header's number of fields, so a short or long row contributes nothing but a bad-row count.
 * One instance per task (it holds per-thread scratch state).
 */
final class CsvChunkParser {
    private final byte delimiter;
    private final byte quote;
    private final int fieldCount;
    /** For each field of the file: the selected column it feeds, or -1. */
    private final int[] target;
    private final boolean[] numeric;
    private final String[] names;
    private final NumberToken number = new NumberToken();
    /** Per categorical column its own table, so one column with very many values does not empty another's. */
    private final CategoryInterner[] interners;

    // Staged values of the current row, per selected column.
    private final byte[] status; // 0 value, 1 missing, 2 bad
    private final double[] stagedNumber;
    private final boolean[] stagedInteger;
    private final String[] stagedCategory;
    private final String[] stagedReason;
    private final int[] stagedSlot;
    /** Per categorical column of a profiling read: values per slot of its interner's table, else null. */
    private final int[][] tally;
    private byte[] unescaped = new byte[256];

    private static final byte VALUE = 0;
    private static final byte MISSING = 1;
    private static final byte BAD = 2;

    private final ColumnGrids grids;

    CsvChunkParser(CsvFormat format, int fieldCount, int[] columns, boolean[] numeric, String[] names,
                   ColumnGrids grids) {
        this.grids = grids;
        this.delimiter = (byte) format.delimiter();
        this.quote = (byte) format.quote();
        this.fieldCount = fieldCount;
        this.target = new int[fieldCount];
        java.util.Arrays.fill(target, -1);
        for (int i = 0; i < columns.length; i++) {
            target[columns[i]] = i;
        }
        this.numeric = numeric;
        this.names = names;
        int n = columns.length;
        status = new byte[n];
        stagedNumber = new double[n];
        stagedInteger = new boolean[n];
        stagedCategory = new String[n];
        stagedReason = new String[n];
        stagedSlot = new int[n];
        tally = new int[n][];
        interners = new CategoryInterner[n];
    }

    /** {@code rowsHint}: the number of lines in the chunk, to size the batch's arrays. */
    ColumnBatch parse(byte[] data, int length, long firstLine, int rowsHint) {
        // Made here, on the parser thread: the constructor runs on the one reader thread, once per chunk.
        for (int i = 0; i < interners.length; i++) {
            if (!numeric[i]) {
                interners[i] = new CategoryInterner();
                if (grids.countsCategories()) {
                    tally[i] = new int[CategoryInterner.capacity()];
                }
            }
        }
        ColumnBatch batch = new ColumnBatch(numeric, rowsHint);
        batch.bytes = length;
        int pos = 0;
        long line = firstLine;
        while (pos < length) {
            long recordLine = line;
            if (data[pos] == '\n' || (data[pos] == '\r' && pos + 1 < length && data[pos + 1] == '\n')) {
                // Blank line: not a row (as pandas skips them).
                pos += data[pos] == '\n' ? 1 : 2;
                line++;
                continue;
            }
            java.util.Arrays.fill(status, MISSING);
            int field = 0;
            String structural = null;
            boolean recordDone = false;
            while (!recordDone) {
                int start;
                int end;
                int next; // position after the field's terminator
                boolean terminatedByNewline;
                if (pos < length && data[pos] == quote) {
                    int i = pos + 1;
                    int out = 0;
                    boolean escaped = false;
                    boolean closed = false;
                    while (i < length) {
                        byte c = data[i];
                        if (c == quote) {
                            if (i + 1 < length && data[i + 1] == quote) {
                                if (!escaped) {
                                    escaped = true;
                                    out = copyToScratch(data, pos + 1, i, 0);
                                }
                                out = append(out, quote);
                                i += 2;
                                continue;
                            }
                            closed = true;
                            break;
                        }
                        if (c == '\n') {
                            line++;
                        }
                        if (escaped) {
                            out = append(out, c);
                        }
                        i++;
                    }
                    if (!closed) {
                        structural = "unterminated quoted field";
                        pos = length;
                        break;
                    }
                    int after = i + 1;
                    if (after < length && data[after] == '\r' && after + 1 < length && data[after + 1] == '\n') {
                        after++;
                    }
                    if (after < length && data[after] != delimiter && data[after] != '\n') {
                        structural = "unexpected character after a closing quote";
                        pos = skipToLineEnd(data, after, length);
                        line++;
                        break;
                    }
                    terminatedByNewline = after >= length || data[after] == '\n';
                    next = after + 1;
                    if (escaped) {
                        stage(field, unescaped, 0, out, recordLine);
                    } else {
                        stage(field, data, pos + 1, i, recordLine);
                    }
                } else {
                    start = pos;
                    int i = pos;
                    while (i < length && data[i] != delimiter && data[i] != '\n') {
                        i++;
                    }
                    terminatedByNewline = i >= length || data[i] == '\n';
                    end = i;
                    if (terminatedByNewline && end > start && data[end - 1] == '\r') {
                        end--;
                    }
                    next = i + 1;
                    stage(field, data, start, end, recordLine);
                }
                field++;
                pos = next;
                if (terminatedByNewline) {
                    if (next <= length) {
                        line++;
                    }
                    recordDone = true;
                }
            }
            if (structural == null && field != fieldCount) {
                structural = field + " fields where the header has " + fieldCount;
            }
            // The record's last physical line: the counter has moved past its closing line break, if it had one.
            long lastLine = pos > 0 && data[Math.min(pos, length) - 1] == '\n' ? line - 1 : line;
            commit(batch, recordLine, Math.max(recordLine, lastLine), structural);
        }
        batch.summarise(grids);
        // Slots name values only while the table was never emptied (more distinct values than it holds); otherwise
        // the batch goes without counts and its values are counted one by one when merged.
        for (int c = 0; c < tally.length; c++) {
            if (tally[c] != null && !interners[c].emptied()) {
                batch.categoryCounts[c] = CategoryCounts.fromSlots(interners[c]::valueAt, tally[c],
                        batch.categoryCount[c]);
            }
        }
        return batch;
    }

    private void stage(int field, byte[] b, int start, int end, long line) {
        if (field >= fieldCount) {
            return;
        }
        int column = target[field];
        if (column < 0) {
            return;
        }
        if (start == end) {
            status[column] = MISSING;
            return;
        }
        if (numeric[column]) {
            int result = number.parse(b, start, end);
            if (result == NumberToken.NUMBER) {
                status[column] = VALUE;
                stagedNumber[column] = number.value;
                stagedInteger[column] = number.integerLiteral;
            } else if (isBlank(b, start, end)) {
                status[column] = MISSING;
            } else {
                status[column] = BAD;
                stagedReason[column] = result == NumberToken.NOT_FINITE
                        ? "NaN or infinity in numeric column '" + names[column] + "'"
                        : "not a number in numeric column '" + names[column] + "'";
            }
        } else {
            CategoryInterner interner = interners[column];
            int slot = interner.slotOf(b, start, end);
            if (slot < 0) {
                status[column] = BAD;
                stagedReason[column] = "invalid UTF-8 in column '" + names[column] + "'";
            } else {
                status[column] = VALUE;
                stagedCategory[column] = interner.valueAt(slot);
                stagedSlot[column] = slot;
            }
        }
    }

    private void commit(ColumnBatch batch, long line, long lastLine, String structural) {
        if (structural != null) {
            batch.badRow(line, lastLine, structural);
            return;
        }
        batch.rows++;
        String firstReason = null;
        for (int c = 0; c < status.length; c++) {
            switch (status[c]) {
                case VALUE -> {
                    if (numeric[c]) {
                        batch.addNumber(c, stagedNumber[c], stagedInteger[c]);
                    } else {
                        batch.addCategory(c, stagedCategory[c]);
                        if (tally[c] != null) {
                            tally[c][stagedSlot[c]]++;
                        }
                    }
                }
                case MISSING -> batch.missing[c]++;
                default -> {
                    batch.bad[c]++;
                    if (firstReason == null) {
                        firstReason = stagedReason[c];
                    }
                }
            }
        }
        if (firstReason != null) {
            batch.badRow(line, lastLine, firstReason);
        }
    }

    private static boolean isBlank(byte[] b, int start, int end) {
        for (int i = start; i < end; i++) {
            if (b[i] != ' ') {
                return false;
            }
        }
        return true;
    }

    private int copyToScratch(byte[] data, int from, int to, int out) {
        for (int i = from; i < to; i++) {
            out = append(out, data[i]);
        }
        return out;
    }

    private int append(int out, byte c) {
        if (out == unescaped.length) {
            unescaped = java.util.Arrays.copyOf(unescaped, out * 2);
        }
        unescaped[out] = c;
        return out + 1;
    }

    private static int skipToLineEnd(byte[] data, int from, int length) {
        int i = from;
        while (i < length && data[i] != '\n') {
            i++;
        }
        return i + 1;
    }
}
