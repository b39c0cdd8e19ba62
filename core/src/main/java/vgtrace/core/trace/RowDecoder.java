package vgtrace.core.trace;

import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.SmallIntVector;
import org.apache.arrow.vector.TinyIntVector;
import org.apache.arrow.vector.ValueVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import vgtrace.core.protocol.CtrlHeader;

import java.nio.charset.StandardCharsets;
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

    private final BigIntVector seq, tsNs, pairSeq, fenceId, contentHash, guestSeqno;
    private final VarCharVector kind, text, pairing;
    private final TinyIntVector queue;
    private final IntVector type, flags, ctxId, headerPadding, numFree;
    private final SmallIntVector ringIdx;
    private final BaseFixedWidthVector[] messageFields;
    private final boolean[] fieldInBatch;
    private final VarBinaryVector payload;
    private boolean anyFieldInBatch;

    RowDecoder(VectorSchemaRoot root) {
        seq = vector(root, TraceColumn.SEQ);
        tsNs = vector(root, TraceColumn.TS_NS);
        kind = vector(root, TraceColumn.KIND);
        queue = vector(root, TraceColumn.QUEUE);
        pairSeq = vector(root, TraceColumn.PAIR_SEQ);
        type = vector(root, TraceColumn.TYPE);
        flags = vector(root, TraceColumn.FLAGS);
        fenceId = vector(root, TraceColumn.FENCE_ID);
        ctxId = vector(root, TraceColumn.CTX_ID);
        ringIdx = vector(root, TraceColumn.RING_IDX);
        headerPadding = vector(root, TraceColumn.HEADER_PADDING);
        List<TraceColumn> fieldColumns = TraceColumn.messageFieldColumns();
        messageFields = fieldColumns.stream().map(c -> (BaseFixedWidthVector) vector(root, c))
                .toArray(BaseFixedWidthVector[]::new);
        fieldInBatch = new boolean[messageFields.length];
        payload = vector(root, TraceColumn.PAYLOAD);
        contentHash = vector(root, TraceColumn.CONTENT_HASH);
        text = vector(root, TraceColumn.TEXT);
        guestSeqno = vector(root, TraceColumn.GUEST_SEQNO);
        numFree = vector(root, TraceColumn.NUM_FREE);
        pairing = vector(root, TraceColumn.PAIRING);
    }

    /** Notes which message field columns hold anything in this batch, so header-only rows skip them. */
    void startBatch() {
        anyFieldInBatch = false;
        for (int c = 0; c < messageFields.length; c++) {
            BaseFixedWidthVector v = messageFields[c];
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
        EventKind k = KINDS[nameIndex(kind, i, KIND_NAMES, "kind")];
        CtrlHeader header = null;
        boolean ringKnown = true;
        if (k == EventKind.COMMAND || k == EventKind.RESPONSE) {
            Integer ring = isSet(ringIdx, i) ? (int) ringIdx.get(i) : null;
            int f = required(flags, i, k);
            header = new CtrlHeader(required(type, i, k), f, requiredLong(fenceId, i, k), required(ctxId, i, k),
                    ring == null ? 0 : ring, required(headerPadding, i, k));
            ringKnown = ring != null || (f & CtrlHeader.FLAG_INFO_RING_IDX) == 0;
        }
        return new TraceEvent(seq.get(i), tsNs.get(i), k, isSet(queue, i) ? (int) queue.get(i) : null,
                isSet(pairSeq, i) ? pairSeq.get(i) : TraceEvent.NO_SEQ, header, ringKnown, fields(i),
                isSet(payload, i) ? payload.get(i) : null, longOrNull(contentHash, i),
                isSet(text, i) ? new String(text.get(i), StandardCharsets.UTF_8) : null, longOrNull(guestSeqno, i),
                intOrNull(numFree, i), isSet(pairing, i) ? PAIRINGS[nameIndex(pairing, i, PAIRING_NAMES, "pairing")]
                        : null);
    }

    private MessageFields fields(int i) {
        if (!anyFieldInBatch) return MessageFields.NONE;
        return new MessageFields(int32(0, i), int32(1, i), int32(2, i), int32(3, i), int32(4, i), int32(5, i),
                int32(6, i), int32(7, i), int32(8, i), int64(9, i), int64(10, i), int64(11, i), int32(12, i),
                int32(13, i), int32(14, i), int32(15, i), int64(16, i), int32(17, i), int32(18, i), int32(19, i),
                int32(20, i), int32(21, i));
    }

    private Integer int32(int column, int i) {
        return fieldInBatch[column] ? intOrNull((IntVector) messageFields[column], i) : null;
    }

    private Long int64(int column, int i) {
        return fieldInBatch[column] ? longOrNull((BigIntVector) messageFields[column], i) : null;
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

    @SuppressWarnings("unchecked")
    private static <V> V vector(VectorSchemaRoot root, TraceColumn column) {
        return (V) root.getVector(column.columnName());
    }
}
