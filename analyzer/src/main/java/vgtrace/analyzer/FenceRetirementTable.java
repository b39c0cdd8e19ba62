package vgtrace.analyzer;

import org.apache.arrow.c.ArrowArrayStream;
import org.apache.arrow.c.Data;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.pojo.Schema;
import org.duckdb.DuckDBConnection;
import vgtrace.core.trace.TraceMemory;

import java.io.IOException;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * Table {@code _fence_retirement} (seq, retired_ts, retired_by_seq, earlier_max_signal_ts,
 * retired_count): what {@link FenceRetirement} found, one row per fenced command, handed to DuckDB
 * through the Arrow C stream interface in batches.
 */
final class FenceRetirementTable {

    private static final int BATCH = 1 << 16;

    private FenceRetirementTable() {
    }

    static void store(DuckDBConnection db, FenceRetirement fences) throws SQLException {
        try (BufferAllocator allocator = TraceMemory.root().newChildAllocator("fence retirement", 0, Long.MAX_VALUE);
             Batches batches = new Batches(allocator, fences);
             ArrowArrayStream stream = ArrowArrayStream.allocateNew(allocator)) {
            Data.exportArrayStream(allocator, batches, stream);
            db.registerArrowStream("fence_retirement_stream", stream);
            try (Statement s = db.createStatement()) {
                s.execute("CREATE TABLE _fence_retirement AS SELECT * FROM fence_retirement_stream");
            }
        } catch (IOException e) {
            throw new SQLException("cannot hand fence retirement to DuckDB: " + e.getMessage(), e);
        }
    }

    /** The fences in batches of {@link #BATCH} rows. */
    private static final class Batches extends ArrowReader {
        private final FenceRetirement fences;
        private final BigIntVector seq;
        private final BigIntVector retiredTs;
        private final BigIntVector retiredBySeq;
        private final BigIntVector earlierMax;
        private final IntVector retiredCount;
        private final VectorSchemaRoot root;
        private int next;

        Batches(BufferAllocator allocator, FenceRetirement fences) {
            super(allocator);
            this.fences = fences;
            seq = new BigIntVector("seq", allocator);
            retiredTs = new BigIntVector("retired_ts", allocator);
            retiredBySeq = new BigIntVector("retired_by_seq", allocator);
            earlierMax = new BigIntVector("earlier_max_signal_ts", allocator);
            retiredCount = new IntVector("retired_count", allocator);
            root = new VectorSchemaRoot(List.of(seq, retiredTs, retiredBySeq, earlierMax, retiredCount));
        }

        @Override
        public VectorSchemaRoot getVectorSchemaRoot() {
            return root;
        }

        @Override
        public boolean loadNextBatch() {
            if (next >= fences.size()) return false;
            int rows = Math.min(BATCH, fences.size() - next);
            root.allocateNew();
            for (int i = 0; i < rows; i++) {
                int f = next + i;
                seq.setSafe(i, fences.seq(f));
                setOrNull(retiredTs, i, fences.retiredTs(f));
                setOrNull(retiredBySeq, i, fences.retiredBySeq(f));
                setOrNull(earlierMax, i, fences.earlierMaxSignalTs(f));
                retiredCount.setSafe(i, fences.retiredCount(f));
            }
            root.setRowCount(rows);
            next += rows;
            return true;
        }

        private static void setOrNull(BigIntVector v, int i, long value) {
            v.setSafe(i, value == FenceRetirement.NONE ? 0 : 1, value);
        }

        @Override
        public long bytesRead() {
            return 0;
        }

        @Override
        protected void closeReadSource() {
            root.close();
        }

        @Override
        protected Schema readSchema() {
            return root.getSchema();
        }
    }
}
