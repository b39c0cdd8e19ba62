package vgtrace.core.trace;

import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.SmallIntVector;
import org.apache.arrow.vector.TinyIntVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.StructVector;

/**
 * The vectors of one batch, bound by column name: the one place a column meets its vector, for the
 * encoder and the decoder alike. A column an older file lacks is {@code null}.
 */
final class BatchVectors {
    final BigIntVector seq, tsNs, pairSeq, fenceId, contentHash, guestSeqno;
    final VarCharVector kind, text, pairing;
    final TinyIntVector queue;
    final IntVector type, flags, ctxId, headerPadding, numFree;
    final SmallIntVector ringIdx;
    /** In {@link TraceColumn#messageFieldColumns()} order. */
    final BaseFixedWidthVector[] messageFields;
    final VarBinaryVector payload;
    /** SEGMENTS and its element's fields; all null in a file of version 1. */
    final ListVector segments;
    final BigIntVector segmentGpa, segmentLength;

    BatchVectors(VectorSchemaRoot root) {
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
        messageFields = TraceColumn.messageFieldColumns().stream().map(c -> (BaseFixedWidthVector) vector(root, c))
                .toArray(BaseFixedWidthVector[]::new);
        payload = vector(root, TraceColumn.PAYLOAD);
        contentHash = vector(root, TraceColumn.CONTENT_HASH);
        text = vector(root, TraceColumn.TEXT);
        guestSeqno = vector(root, TraceColumn.GUEST_SEQNO);
        numFree = vector(root, TraceColumn.NUM_FREE);
        pairing = vector(root, TraceColumn.PAIRING);
        segments = vector(root, TraceColumn.SEGMENTS);
        StructVector range = segments == null ? null : (StructVector) segments.getDataVector();
        segmentGpa = range == null ? null : range.getChild(TraceColumn.RANGE_GPA, BigIntVector.class);
        segmentLength = range == null ? null : range.getChild(TraceColumn.RANGE_LENGTH, BigIntVector.class);
    }

    @SuppressWarnings("unchecked")
    private static <V> V vector(VectorSchemaRoot root, TraceColumn column) {
        return (V) root.getVector(column.columnName());
    }
}
