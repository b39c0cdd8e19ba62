package vgtrace.analyzer;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.pojo.Schema;
import vgtrace.core.trace.TraceColumn;
import vgtrace.core.trace.TraceStreamReader;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The trace's batches with eight more columns that hold, on each COMMAND row, what
 * {@link FirstPass} found: its response's {@code response_seq}, {@code response_ts_ns},
 * {@code response_code}, {@code response_pairing}, {@code response_map_info} (null on commands
 * without a response), and the seq of the create that made the context and the resource it names,
 * {@code ctx_create_seq} and {@code resource_create_seq} (null when none came before it), and the
 * bytes of the MEMORY rows that name it, {@code memory_bytes}. Null on other rows. The trace's own
 * vectors are passed through as they are loaded.
 */
final class PairedBatches extends ArrowReader {

    /** The added columns' names. */
    private static final String RESPONSE_SEQ = "response_seq", RESPONSE_TS = "response_ts_ns", RESPONSE_CODE = "response_code",
            RESPONSE_PAIRING = "response_pairing", RESPONSE_MAP_INFO = "response_map_info", CTX_CREATE_SEQ = "ctx_create_seq",
            RESOURCE_CREATE_SEQ = "resource_create_seq", MEMORY_BYTES = "memory_bytes";

    /**
     * The added columns that will hold a value in some row, from what {@code pairs} found: a
     * header-only import, say, has no MEMORY rows and names no resource, so two of them stay empty.
     */
    static Set<String> columnsWithValues(FirstPass pairs) {
        Set<String> with = new HashSet<>();
        for (int c = 0; c < pairs.commands(); c++) {
            if (pairs.contextCreateSeq(c) != FirstPass.NO_SEQ) with.add(CTX_CREATE_SEQ);
            if (pairs.resourceCreateSeq(c) != FirstPass.NO_SEQ) with.add(RESOURCE_CREATE_SEQ);
            if (pairs.memoryBytes(c) != FirstPass.NO_BYTES) with.add(MEMORY_BYTES);
            int r = pairs.responseOf(c);
            if (r == FirstPass.NONE) continue;
            with.add(RESPONSE_SEQ);
            with.add(RESPONSE_TS);
            if (pairs.responseTypeKnown(r)) with.add(RESPONSE_CODE);
            if (pairs.responsePairingName(r) != null) with.add(RESPONSE_PAIRING);
            if (pairs.responseMapInfoKnown(r)) with.add(RESPONSE_MAP_INFO);
        }
        return with;
    }

    private final TraceStreamReader trace;
    private final FirstPass pairs;
    private final List<FieldVector> added;
    private final ColumnFill.Fixed responseSeq;
    private final ColumnFill.Fixed responseTs;
    private final ColumnFill.Fixed responseCode;
    private final ColumnFill.Text pairingFill;
    private final ColumnFill.Fixed responseMapInfo;
    private final ColumnFill.Fixed ctxCreateSeq;
    private final ColumnFill.Fixed resourceCreateSeq;
    private final ColumnFill.Fixed memoryBytes;
    private final List<ColumnFill.Fixed> fills;
    private final VectorSchemaRoot root;
    private final ColumnView.Text kind = new ColumnView.Text();
    private int nextCommand;

    PairedBatches(BufferAllocator allocator, TraceStreamReader trace, FirstPass pairs) throws IOException {
        super(allocator);
        this.trace = trace;
        this.pairs = pairs;
        BigIntVector seqVector = new BigIntVector(RESPONSE_SEQ, allocator);
        BigIntVector tsVector = new BigIntVector(RESPONSE_TS, allocator);
        IntVector codeVector = new IntVector(RESPONSE_CODE, allocator);
        VarCharVector pairingVector = new VarCharVector(RESPONSE_PAIRING, allocator);
        IntVector mapInfoVector = new IntVector(RESPONSE_MAP_INFO, allocator);
        BigIntVector ctxVector = new BigIntVector(CTX_CREATE_SEQ, allocator);
        BigIntVector resourceVector = new BigIntVector(RESOURCE_CREATE_SEQ, allocator);
        BigIntVector bytesVector = new BigIntVector(MEMORY_BYTES, allocator);
        added = List.of(seqVector, tsVector, codeVector, pairingVector, mapInfoVector, ctxVector, resourceVector, bytesVector);
        responseSeq = new ColumnFill.Fixed(seqVector);
        responseTs = new ColumnFill.Fixed(tsVector);
        responseCode = new ColumnFill.Fixed(codeVector);
        pairingFill = new ColumnFill.Text(pairingVector, FirstPass.LONGEST_PAIRING_NAME);
        responseMapInfo = new ColumnFill.Fixed(mapInfoVector);
        ctxCreateSeq = new ColumnFill.Fixed(ctxVector);
        resourceCreateSeq = new ColumnFill.Fixed(resourceVector);
        memoryBytes = new ColumnFill.Fixed(bytesVector);
        fills = List.of(responseSeq, responseTs, responseCode, responseMapInfo, ctxCreateSeq, resourceCreateSeq, memoryBytes);
        List<FieldVector> vectors = new ArrayList<>(trace.getVectorSchemaRoot().getFieldVectors());
        vectors.addAll(added);
        root = new VectorSchemaRoot(vectors);
    }

    @Override
    public VectorSchemaRoot getVectorSchemaRoot() {
        return root;
    }

    @Override
    public boolean loadNextBatch() throws IOException {
        if (!trace.loadNextBatch()) return false;
        int rows = trace.getVectorSchemaRoot().getRowCount();
        fills.forEach(f -> f.start(rows));
        pairingFill.start(rows);
        kind.load(trace.getVectorSchemaRoot().getVector(TraceColumn.KIND.columnName()), rows);
        for (int i = 0; i < rows; i++) {
            if (!kind.is(i, FirstPass.COMMAND)) continue; // rows start all null
            int c = nextCommand++;
            setIfKnown(ctxCreateSeq, i, pairs.contextCreateSeq(c), FirstPass.NO_SEQ);
            setIfKnown(resourceCreateSeq, i, pairs.resourceCreateSeq(c), FirstPass.NO_SEQ);
            setIfKnown(memoryBytes, i, pairs.memoryBytes(c), FirstPass.NO_BYTES);
            int r = pairs.responseOf(c);
            if (r == FirstPass.NONE) continue;
            responseSeq.set(i, pairs.responseSeq(r));
            responseTs.set(i, pairs.responseTs(r));
            if (pairs.responseTypeKnown(r)) responseCode.set(i, pairs.responseType(r));
            if (pairs.responseMapInfoKnown(r)) responseMapInfo.set(i, pairs.responseMapInfo(r));
            byte[] pairing = pairs.responsePairingName(r);
            if (pairing != null) pairingFill.set(i, pairing);
        }
        fills.forEach(f -> f.finish(rows));
        pairingFill.finish(rows);
        root.setRowCount(rows);
        return true;
    }

    private static void setIfKnown(ColumnFill.Fixed fill, int i, long value, long none) {
        if (value != none) fill.set(i, value);
    }

    @Override
    public long bytesRead() {
        return trace.bytesRead();
    }

    @Override
    protected void closeReadSource() {
        added.forEach(FieldVector::close); // the trace reader is its opener's to close
    }

    @Override
    protected Schema readSchema() {
        return root.getSchema();
    }
}
