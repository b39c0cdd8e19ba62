package vgtrace.core.trace;

import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.ValueVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import vgtrace.core.protocol.CtrlHeader;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns rows of a loaded batch back into {@link TraceEvent}s. Vectors are found by column name, and a
 * column an older format version lacks reads as null. Call {@link #startBatch()} after each load.
 */
final class RowDecoder {

    private static final EventKind[] KINDS = EventKind.values();
    private static final Pairing[] PAIRINGS = Pairing.values();
    private static final byte[][] KIND_NAMES = TraceColumn.nameBytes(KINDS);
    private static final byte[][] PAIRING_NAMES = TraceColumn.nameBytes(PAIRINGS);

    private final BatchVectors cols;
    private final boolean[] fieldInBatch;
    private boolean anyFieldInBatch;

    RowDecoder(VectorSchemaRoot root) {
        cols = new BatchVectors(root);
        fieldInBatch = new boolean[cols.messageFields.length];
    }

    /** Notes which message field columns hold anything in this batch, so header-only rows skip them. */
    void startBatch() {
        anyFieldInBatch = false;
        for (int c = 0; c < cols.messageFields.length; c++) {
            BaseFixedWidthVector v = cols.messageFields[c];
            fieldInBatch[c] = v != null && v.getNullCount() < v.getValueCount();
            anyFieldInBatch |= fieldInBatch[c];
        }
    }

    /**
     * The event at row {@code i}.
     *
     * @throws IllegalArgumentException when the row breaks the row contract (the message says how)
     */
    TraceEvent decode(int i) {
        EventKind k = kindOf(cols, i);
        CtrlHeader header = null;
        boolean ringKnown = true;
        if (k.hasHeader()) {
            Integer ring = isSet(cols.ringIdx, i) ? (int) cols.ringIdx.get(i) : null;
            int f = required(cols.flags, i, k);
            header = new CtrlHeader(required(cols.type, i, k), f, requiredLong(cols.fenceId, i, k), required(cols.ctxId, i, k),
                    ring == null ? 0 : ring, required(cols.headerPadding, i, k));
            ringKnown = ring != null || (f & CtrlHeader.FLAG_INFO_RING_IDX) == 0;
        }
        return TraceEvent.builder(cols.seq.get(i), cols.tsNs.get(i), k)
                .queue(isSet(cols.queue, i) ? (int) cols.queue.get(i) : null)
                .pairSeq(isSet(cols.pairSeq, i) ? cols.pairSeq.get(i) : TraceEvent.NO_SEQ)
                .header(header).ringKnown(ringKnown).fields(fields(i))
                .payload(isSet(cols.payload, i) ? cols.payload.get(i) : null)
                .contentHash(longOrNull(cols.contentHash, i))
                .text(isSet(cols.text, i) ? new String(cols.text.get(i), StandardCharsets.UTF_8) : null)
                .guestSeqno(longOrNull(cols.guestSeqno, i)).numFree(intOrNull(cols.numFree, i))
                .pairing(isSet(cols.pairing, i) ? PAIRINGS[nameIndex(cols.pairing, i, PAIRING_NAMES, "pairing")] : null)
                .segments(segments(i)).build();
    }

    /** The SEGMENTS list at row {@code i}, or null; a segment with a null field or a length <= 0 breaks the row. */
    private List<GuestRange> segments(int i) {
        if (!isSet(cols.segments, i)) return null;
        int from = cols.segments.getElementStartIndex(i), to = cols.segments.getElementEndIndex(i);
        List<GuestRange> out = new ArrayList<>(to - from);
        for (int at = from; at < to; at++) {
            if (!isSet(cols.segmentGpa, at) || !isSet(cols.segmentLength, at))
                throw new IllegalArgumentException("a segment without its gpa or length");
            out.add(new GuestRange(cols.segmentGpa.get(at), cols.segmentLength.get(at)));
        }
        return out;
    }

    private MessageFields fields(int i) {
        if (!anyFieldInBatch) return MessageFields.NONE;
        return new MessageFields(int32(0, i), int32(1, i), int32(2, i), int32(3, i), int32(4, i), int32(5, i),
                int32(6, i), int32(7, i), int32(8, i), int64(9, i), int64(10, i), int64(11, i), int32(12, i),
                int32(13, i), int32(14, i), int32(15, i), int64(16, i), int32(17, i), int32(18, i), int32(19, i),
                int32(20, i), int32(21, i));
    }

    private Integer int32(int column, int i) {
        return fieldInBatch[column] ? intOrNull((IntVector) cols.messageFields[column], i) : null;
    }

    private Long int64(int column, int i) {
        return fieldInBatch[column] ? longOrNull((BigIntVector) cols.messageFields[column], i) : null;
    }

    private static boolean isSet(ValueVector v, int i) {
        return v != null && !v.isNull(i);
    }

    private static Integer intOrNull(IntVector v, int i) {
        return isSet(v, i) ? v.get(i) : null;
    }

    private static Long longOrNull(BigIntVector v, int i) {
        return isSet(v, i) ? v.get(i) : null;
    }

    private static int required(IntVector v, int i, EventKind k) {
        if (!isSet(v, i)) throw missing(v, k);
        return v.get(i);
    }

    private static long requiredLong(BigIntVector v, int i, EventKind k) {
        if (!isSet(v, i)) throw missing(v, k);
        return v.get(i);
    }

    private static IllegalArgumentException missing(ValueVector v, EventKind k) {
        return new IllegalArgumentException("a " + k + " row without " + (v == null ? "a header column" : v.getName()));
    }

    /** Which of {@code names} the string at row {@code i} is, compared in place without decoding it. */
    /** The kind of row {@code i}, matched on the stored name's bytes (no string is made). */
    static EventKind kindOf(BatchVectors cols, int i) {
        return KINDS[nameIndex(cols.kind, i, KIND_NAMES, "kind")];
    }

    private static int nameIndex(BaseVariableWidthVector v, int i, byte[][] names, String what) {
        if (v == null || v.isNull(i)) throw new IllegalArgumentException("no " + what);
        int start = v.getStartOffset(i);
        int length = v.getValueLength(i);
        for (int n = 0; n < names.length; n++) {
            if (names[n].length == length && matches(v, start, names[n])) return n;
        }
        throw new IllegalArgumentException("unknown " + what + " '" + new String(v.get(i), StandardCharsets.UTF_8)
                + "'");
    }

    private static boolean matches(BaseVariableWidthVector v, int start, byte[] name) {
        for (int b = 0; b < name.length; b++) {
            if (v.getDataBuffer().getByte(start + b) != name[b]) return false;
        }
        return true;
    }

}
