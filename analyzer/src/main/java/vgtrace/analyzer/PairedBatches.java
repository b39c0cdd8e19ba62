package vgtrace.analyzer;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.pojo.Schema;
import vgtrace.core.trace.TraceColumn;
import vgtrace.core.trace.TraceStreamReader;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The trace's batches, as read from its file, with the {@link AddedColumns} that {@link FirstPass}
 * found. The trace's own vectors are passed through as they are loaded.
 */
final class PairedBatches extends ArrowReader {

    private final TraceStreamReader trace;
    private final FirstPass pairs;
    private final AddedColumns added;
    private final VectorSchemaRoot root;
    private int nextCommand;

    PairedBatches(BufferAllocator allocator, TraceStreamReader trace, FirstPass pairs) throws IOException {
        super(allocator);
        this.trace = trace;
        this.pairs = pairs;
        this.added = new AddedColumns(allocator);
        List<FieldVector> vectors = new ArrayList<>(trace.getVectorSchemaRoot().getFieldVectors());
        vectors.addAll(added.vectors());
        root = new VectorSchemaRoot(vectors);
    }

    @Override
    public VectorSchemaRoot getVectorSchemaRoot() {
        return root;
    }

    @Override
    public boolean loadNextBatch() throws IOException {
        if (!trace.loadNextBatch()) return false;
        VectorSchemaRoot batch = trace.getVectorSchemaRoot();
        int rows = batch.getRowCount();
        nextCommand = added.fill(batch.getVector(TraceColumn.KIND.columnName()), rows, pairs, pairs.exact(), nextCommand);
        root.setRowCount(rows);
        return true;
    }

    @Override
    public long bytesRead() {
        return trace.bytesRead();
    }

    @Override
    protected void closeReadSource() {
        added.close(); // the trace reader is its opener's to close
    }

    @Override
    protected Schema readSchema() {
        return root.getSchema();
    }
}
