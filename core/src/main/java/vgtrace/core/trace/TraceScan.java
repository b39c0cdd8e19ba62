package vgtrace.core.trace;

import org.apache.arrow.memory.BufferAllocator;
import vgtrace.core.protocol.CtrlHeader;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Whole-file passes over a trace by column: each batch's rows read by index, without wire bytes and
 * without a {@link TraceEvent} per row, for readers that want a few header columns of millions of
 * rows fast (the workbench's overview). Batches are checked as {@link TraceReader}'s are; a torn tail
 * ends the pass after the last complete batch.
 */
public final class TraceScan {

    /** What a pass does with each batch. */
    @FunctionalInterface
    public interface BatchConsumer {
        void accept(Rows rows) throws IOException;
    }

    private TraceScan() {
    }

    /** Hands every batch of {@code trace} to {@code each}, in order. */
    public static void scan(Path trace, BatchConsumer each) throws IOException {
        try (BufferAllocator allocator = TraceMemory.root().newChildAllocator("scan " + trace, 0, Long.MAX_VALUE);
             TraceReader reader = TraceReader.open(trace);
             TraceStreamReader batches = reader.arrowReader(allocator, span -> { }, false)) {
            while (batches.loadNextBatch()) each.accept(new Rows(new BatchVectors(batches.getVectorSchemaRoot())));
        }
    }

    /** One batch's rows, valid during {@link BatchConsumer#accept}; absent values read as named. */
    public static final class Rows {
        private final BatchVectors cols;

        private Rows(BatchVectors cols) {
            this.cols = cols;
        }

        public int count() {
            return cols.seq.getValueCount();
        }

        public EventKind kind(int i) {
            return RowDecoder.kindOf(cols, i);
        }

        public long seq(int i) {
            return cols.seq.get(i);
        }

        public long tsNs(int i) {
            return cols.tsNs.get(i);
        }

        /** A response's command, a MEMORY row's command; {@link TraceEvent#NO_SEQ} when none. */
        public long pairSeq(int i) {
            return cols.pairSeq.isNull(i) ? TraceEvent.NO_SEQ : cols.pairSeq.get(i);
        }

        /** The virtqueue; -1 for a row of no queue. */
        public int queue(int i) {
            return cols.queue.isNull(i) ? -1 : Byte.toUnsignedInt(cols.queue.get(i));
        }

        /** The header's type code; {@code null} for a row without a header. */
        public Integer type(int i) {
            return cols.type.isNull(i) ? null : cols.type.get(i);
        }

        /** The header asks for a fence ({@link CtrlHeader#FLAG_FENCE}). */
        public boolean fenced(int i) {
            return !cols.flags.isNull(i) && (cols.flags.get(i) & CtrlHeader.FLAG_FENCE) != 0;
        }

        /** The header's context; 0 without a header. */
        public int ctxId(int i) {
            return cols.ctxId.isNull(i) ? 0 : cols.ctxId.get(i);
        }

        /** The ring, as {@link TraceEvent#ringIdx()} has it: {@code null} when none or unknown. */
        public Integer ringIdx(int i) {
            return cols.ringIdx.isNull(i) ? null : (int) cols.ringIdx.get(i);
        }
    }
}
