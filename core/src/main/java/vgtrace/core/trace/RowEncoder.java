package vgtrace.core.trace;

import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.StructVector;
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
    private final BatchVectors cols;

    RowEncoder(VectorSchemaRoot root) {
        cols = new BatchVectors(root);
    }

    /**
     * Writes {@code e} at row {@code i}.
     *
     * @return the payload, text and segment bytes it added
     * @throws IllegalArgumentException when a value does not fit its column; nothing is written then
     */
    long encode(int i, TraceEvent e) {
        Integer q = e.queue();
        if (q != null && (q < 0 || q > Byte.MAX_VALUE)) throw new IllegalArgumentException("queue out of range: " + q);
        cols.seq.set(i, e.seq());
        cols.tsNs.set(i, e.tsNs());
        cols.kind.setSafe(i, KIND_NAMES[e.kind().ordinal()]);
        if (q != null) cols.queue.set(i, q);
        if (e.pairSeq() != TraceEvent.NO_SEQ) cols.pairSeq.set(i, e.pairSeq());
        CtrlHeader h = e.header();
        if (h != null && e.kind().hasHeader()) {
            cols.type.set(i, h.type());
            cols.flags.set(i, h.flags());
            cols.fenceId.set(i, h.fenceId());
            cols.ctxId.set(i, h.ctxId());
            cols.headerPadding.set(i, h.padding());
            Integer ring = e.ringIdx();
            if (ring != null) cols.ringIdx.set(i, ring);
        }
        if (e.fields() != MessageFields.NONE) encodeFields(i, e.fields());
        long bytes = 0;
        if (e.payload() != null) {
            cols.payload.setSafe(i, e.payload());
            bytes += e.payload().length;
        }
        if (e.contentHash() != null) cols.contentHash.set(i, e.contentHash());
        if (e.text() != null) {
            byte[] utf8 = e.text().getBytes(StandardCharsets.UTF_8);
            cols.text.setSafe(i, utf8);
            bytes += utf8.length;
        }
        if (e.guestSeqno() != null) cols.guestSeqno.set(i, e.guestSeqno());
        if (e.numFree() != null) cols.numFree.set(i, e.numFree());
        if (e.pairing() != null) cols.pairing.setSafe(i, PAIRING_NAMES[e.pairing().ordinal()]);
        if (e.segments() != null) {
            encodeSegments(i, e.segments());
            bytes += 2L * Long.BYTES * e.segments().size();
        }
        return bytes;
    }

    private void encodeSegments(int i, List<GuestRange> segments) {
        int at = cols.segments.startNewValue(i);
        StructVector range = (StructVector) cols.segments.getDataVector();
        for (GuestRange r : segments) {
            range.setIndexDefined(at);
            cols.segmentGpa.setSafe(at, r.gpa());
            cols.segmentLength.setSafe(at, r.length());
            at++;
        }
        cols.segments.endValue(i, segments.size());
    }

    private void encodeFields(int i, MessageFields fields) {
        List<TraceColumn> columns = TraceColumn.messageFieldColumns();
        for (int c = 0; c < cols.messageFields.length; c++) {
            Number value = columns.get(c).messageFieldOf(fields);
            if (value == null) continue;
            switch (cols.messageFields[c]) {
                case IntVector v -> v.set(i, value.intValue());
                case BigIntVector v -> v.set(i, value.longValue());
                default -> throw new IllegalStateException("message field column of type " + cols.messageFields[c]);
            }
        }
    }

}
