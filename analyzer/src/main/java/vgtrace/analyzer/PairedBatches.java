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
import java.util.List;

/**
 * The trace's batches with eight more columns that hold, on each COMMAND row, what
 * {@link FirstPass} found: its response's {@code response_seq}, {@code response_ts_ns},
 * {@code response_code}, {@code response_pairing}, {@code response_map_info} (null on commands
 * without a response), and the seq of the create that made the context and the resource it names,
 * {@code ctx_create_seq} and {@code resource_create_seq} (null when none came before it), and the
 * bytes of the MEMORY rows that name it, {@code memory_bytes}. Null on other rows. The trace's own vectors are passed through as they are loaded.
 */
final class PairedBatches extends ArrowReader {

    /** The added columns, in order. */
    static final List<String> COLUMNS = List.of("response_seq", "response_ts_ns", "response_code", "response_pairing",
            "response_map_info", "ctx_create_seq", "resource_create_seq", "memory_bytes");

    private final TraceStreamReader trace;
    private final FirstPass pairs;
    private final BigIntVector responseSeq;
    private final BigIntVector responseTs;
    private final IntVector responseCode;
    private final VarCharVector responsePairing;
    private final IntVector responseMapInfo;
    private final BigIntVector ctxCreateSeq;
    private final BigIntVector resourceCreateSeq;
    private final BigIntVector memoryBytes;
    private final List<FieldVector> added;
    private final VectorSchemaRoot root;
    private final VarCharVector kind;
    private int nextCommand;

    PairedBatches(BufferAllocator allocator, TraceStreamReader trace, FirstPass pairs) throws IOException {
        super(allocator);
        this.trace = trace;
        this.pairs = pairs;
        responseSeq = new BigIntVector(COLUMNS.get(0), allocator);
        responseTs = new BigIntVector(COLUMNS.get(1), allocator);
        responseCode = new IntVector(COLUMNS.get(2), allocator);
        responsePairing = new VarCharVector(COLUMNS.get(3), allocator);
        responseMapInfo = new IntVector(COLUMNS.get(4), allocator);
        ctxCreateSeq = new BigIntVector(COLUMNS.get(5), allocator);
        resourceCreateSeq = new BigIntVector(COLUMNS.get(6), allocator);
        memoryBytes = new BigIntVector(COLUMNS.get(7), allocator);
        VectorSchemaRoot traceRoot = trace.getVectorSchemaRoot();
        List<FieldVector> vectors = new ArrayList<>(traceRoot.getFieldVectors());
        added = List.of(responseSeq, responseTs, responseCode, responsePairing, responseMapInfo, ctxCreateSeq,
                resourceCreateSeq, memoryBytes);
        vectors.addAll(added);
        root = new VectorSchemaRoot(vectors);
        kind = (VarCharVector) traceRoot.getVector(TraceColumn.KIND.columnName());
    }

    @Override
    public VectorSchemaRoot getVectorSchemaRoot() {
        return root;
    }

    @Override
    public boolean loadNextBatch() throws IOException {
        if (!trace.loadNextBatch()) return false;
        int rows = trace.getVectorSchemaRoot().getRowCount();
        for (FieldVector v : added) {
            v.clear();
            v.setInitialCapacity(rows);
            v.allocateNew();
        }
        for (int i = 0; i < rows; i++) {
            if (!FirstPass.isCommand(kind, i)) continue; // vectors start all null
            int c = nextCommand++;
            setIfKnown(ctxCreateSeq, i, pairs.contextCreateSeq(c));
            setIfKnown(resourceCreateSeq, i, pairs.resourceCreateSeq(c));
            long bytes = pairs.memoryBytes(c);
            if (bytes != FirstPass.NO_BYTES) memoryBytes.set(i, bytes);
            int r = pairs.responseOf(c);
            if (r == FirstPass.NONE) continue;
            responseSeq.set(i, pairs.responseSeq(r));
            responseTs.set(i, pairs.responseTs(r));
            Integer code = pairs.responseType(r);
            if (code != null) responseCode.set(i, code);
            Integer mapInfo = pairs.responseMapInfo(r);
            if (mapInfo != null) responseMapInfo.set(i, mapInfo);
            byte[] pairing = pairs.responsePairingName(r);
            if (pairing != null) responsePairing.setSafe(i, pairing);
        }
        root.setRowCount(rows);
        return true;
    }

    private static void setIfKnown(BigIntVector v, int i, long seq) {
        if (seq != FirstPass.NO_SEQ) v.set(i, seq);
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
