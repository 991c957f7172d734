package io.mlopsbridge.drift.input;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Turns category bytes into Strings, decoding (and validating UTF-8) each distinct byte sequence once per chunk.
 * Categories repeat, so this keeps decoding and allocation off the per-value path. One instance per thread.
 */
final class CategoryInterner {
    private static final int CAPACITY = 4096; // power of two
    private static final int MAX_SIZE = CAPACITY / 2;

    private final byte[][] keys = new byte[CAPACITY][];
    private final String[] values = new String[CAPACITY];
    private final int[] hashes = new int[CAPACITY];
    private int size;
    /** Whether the table was ever emptied; until then a slot names one value. */
    private boolean emptied;
    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);

    /** The category for bytes [start, end), or null when they are not valid UTF-8. */
    String intern(byte[] b, int start, int end) {
        int slot = slotOf(b, start, end);
        return slot < 0 ? null : values[slot];
    }

    /** The slot holding the category for bytes [start, end) ({@link #valueAt}), or -1 when they are not valid UTF-8. */
    int slotOf(byte[] b, int start, int end) {
        int hash = 1;
        for (int i = start; i < end; i++) {
            hash = 31 * hash + b[i];
        }
        int mask = CAPACITY - 1;
        int slot = mix(hash) & mask;
        while (keys[slot] != null) {
            if (hashes[slot] == hash && Arrays.equals(keys[slot], 0, keys[slot].length, b, start, end)) {
                return slot;
            }
            slot = (slot + 1) & mask;
        }
        String decoded = decode(b, start, end);
        if (decoded == null) {
            return -1;
        }
        if (size == MAX_SIZE) {
            // High-cardinality column: start over rather than grow; correctness does not depend on hits.
            Arrays.fill(keys, null);
            Arrays.fill(values, null);
            size = 0;
            emptied = true;
            slot = mix(hash) & mask;
        }
        keys[slot] = Arrays.copyOfRange(b, start, end);
        values[slot] = decoded;
        hashes[slot] = hash;
        size++;
        return slot;
    }

    /** Slots in the table (values returned are identified by a slot below this). */
    static int capacity() {
        return CAPACITY;
    }

    /** The value in a slot (while the table is not emptied). */
    String valueAt(int slot) {
        return values[slot];
    }

    /** Whether the table was emptied (a column with very many distinct values): its slots were reused. */
    boolean emptied() {
        return emptied;
    }

    private String decode(byte[] b, int start, int end) {
        boolean ascii = true;
        for (int i = start; i < end; i++) {
            if (b[i] < 0) {
                ascii = false;
                break;
            }
        }
        if (ascii) {
            return new String(b, start, end - start, StandardCharsets.ISO_8859_1);
        }
        try {
            return decoder.decode(ByteBuffer.wrap(b, start, end - start)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private static int mix(int h) {
        return h ^ (h >>> 16);
    }
}
