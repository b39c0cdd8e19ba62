package vgtrace.core.trace;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;

import java.io.IOException;

/**
 * Sees each batch a {@link TraceWriter} has written, so that a consumer (the analyzer's query store)
 * can work on the rows while the trace is still being written instead of reading the file again
 * afterwards. Called on the thread that wrote the batch, in file order.
 */
public interface BatchListener {

    /** Where the writer moves each batch's rows before handing them over (they outlive the writer). */
    BufferAllocator allocator();

    /**
     * A batch is on disk.
     *
     * @param rows the batch's rows, uncompressed: the columns with a value in some row (the others
     *             are null in every row); the listener owns them from here and must close them
     * @param span where the batch starts in the file and which rows it holds
     * @throws IOException fails the writer as a failed write would
     */
    void written(VectorSchemaRoot rows, BatchSpan span) throws IOException;
}
