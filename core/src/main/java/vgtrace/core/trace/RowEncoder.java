package vgtrace.core.trace;

import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.SmallIntVector;
import org.apache.arrow.vector.TinyIntVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import vgtrace.core.protocol.CtrlHeader;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Writes {@link TraceEvent}s straight into the vectors of a batch. Fixed-width vectors are allocated
 * for a whole batch up front, so they are set without capacity checks; variable-width ones grow.
 * Vectors start a batch all-null, so only present values are written.
 */
final class RowEncoder {

    private static final byte[][] KIND_NAMES = TraceColumn.nameBytes(EventKind.values());
    private static final byte[][] PAIRING_NAMES = TraceColumn.nameBytes(Pairing.values());

    private final BigIntVector seq, tsNs, pairSeq, fenceId, contentHash, guestSeqno;
    private final VarCharVector kind, text, pairing;
    private final TinyIntVector queue;
    private final IntVector type, flags, ctxId, headerPadding, numFree;
    private final SmallIntVector ringIdx;
    private final BaseFixedWidthVector[] messageFields;
    private final VarBinaryVector payload;

    RowEncoder(VectorSchemaRoot root) {
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
        payload = vector(root, TraceColumn.PAYLOAD);
        contentHash = vector(root, TraceColumn.CONTENT_HASH);
        text = vector(root, TraceColumn.TEXT);
        guestSeqno = vector(root, TraceColumn.GUEST_SEQNO);
        numFree = vector(root, TraceColumn.NUM_FREE);
        pairing = vector(root, TraceColumn.PAIRING);
    }

    /**
     * Writes {@code e} at row {@code i}.
     *
     * @return the payload and text bytes it added
     * @throws IllegalArgumentException when a value does not fit its column; nothing is written then
     */
    long encode(int i, TraceEvent e) {
        Integer q = e.queue();
        if (q != null && (q < 0 || q > Byte.MAX_VALUE)) throw new IllegalArgumentException("queue out of range: " + q);
        seq.set(i, e.seq());
        tsNs.set(i, e.tsNs());
        kind.setSafe(i, KIND_NAMES[e.kind().ordinal()]);
        if (q != null) queue.set(i, q);
        if (e.pairSeq() != TraceEvent.NO_SEQ) pairSeq.set(i, e.pairSeq());
        CtrlHeader h = e.header();
        if (h != null && (e.kind() == EventKind.COMMAND || e.kind() == EventKind.RESPONSE)) {
            type.set(i, h.type());
            flags.set(i, h.flags());
            fenceId.set(i, h.fenceId());
            ctxId.set(i, h.ctxId());
            headerPadding.set(i, h.padding());
            Integer ring = e.ringIdx();
            if (ring != null) ringIdx.set(i, ring);
        }
        if (e.fields() != MessageFields.NONE) encodeFields(i, e.fields());
        long bytes = 0;
        if (e.payload() != null) {
            payload.setSafe(i, e.payload());
            bytes += e.payload().length;
        }
        if (e.contentHash() != null) contentHash.set(i, e.contentHash());
        if (e.text() != null) {
            byte[] utf8 = e.text().getBytes(StandardCharsets.UTF_8);
            text.setSafe(i, utf8);
            bytes += utf8.length;
        }
        if (e.guestSeqno() != null) guestSeqno.set(i, e.guestSeqno());
        if (e.numFree() != null) numFree.set(i, e.numFree());
        if (e.pairing() != null) pairing.setSafe(i, PAIRING_NAMES[e.pairing().ordinal()]);
        return bytes;
    }

    private void encodeFields(int i, MessageFields fields) {
        List<TraceColumn> columns = TraceColumn.messageFieldColumns();
        for (int c = 0; c < messageFields.length; c++) {
            Number value = columns.get(c).messageFieldOf(fields);
            if (value == null) continue;
            switch (messageFields[c]) {
                case IntVector v -> v.set(i, value.intValue());
                case BigIntVector v -> v.set(i, value.longValue());
                default -> throw new IllegalStateException("message field column of type " + messageFields[c]);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static <V> V vector(VectorSchemaRoot root, TraceColumn column) {
        return (V) root.getVector(column.ordinal());
    }
}
