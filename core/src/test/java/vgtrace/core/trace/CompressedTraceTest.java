package vgtrace.core.trace;

import org.apache.arrow.compression.CommonsCompressionFactory;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.ipc.ArrowStreamReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Format 4: ZSTD batch bodies that vgtrace and a plain Arrow reader read back, several times smaller. */
class CompressedTraceTest {

    @TempDir
    Path dir;

    @Test
    void aPlainArrowStreamReaderWithTheCodecsReadsEveryRow() throws IOException {
        Path file = dir.resolve("zstd.arrows");
        List<TraceEvent> written = TraceSamples.write(file, 5, TraceCompression.ZSTD);
        List<Long> seqs = new ArrayList<>();
        try (BufferAllocator a = TraceMemory.root().newChildAllocator("plain reader", 0, Long.MAX_VALUE);
             FileChannel ch = FileChannel.open(file);
             ArrowStreamReader r = new ArrowStreamReader(ch, a, CommonsCompressionFactory.INSTANCE)) {
            assertEquals("4", r.getVectorSchemaRoot().getSchema().getCustomMetadata().get("vgtrace.format_version"));
            while (r.loadNextBatch()) {
                BigIntVector seq = (BigIntVector) r.getVectorSchemaRoot().getVector(TraceColumn.SEQ.columnName());
                for (int i = 0; i < seq.getValueCount(); i++) seqs.add(seq.get(i));
            }
        }
        assertEquals(written.stream().map(TraceEvent::seq).toList(), seqs);
    }

    @Test
    void eachCompressionReadsBackTheSameRowsAndZstdIsSmaller() throws IOException {
        Path plain = dir.resolve("none.arrows"), zstd = dir.resolve("zstd.arrows");
        List<TraceEvent> written = TraceSamples.write(plain, 50, TraceCompression.NONE);
        TraceSamples.write(zstd, 50, TraceCompression.ZSTD);
        TraceSamples.assertSameRows(written, readAll(plain));
        TraceSamples.assertSameRows(written, readAll(zstd));
        // 20-row batches of varied rows: far less than the 28x of 8192-row header-only batches
        assertTrue(Files.size(zstd) * 4 < Files.size(plain) * 3, Files.size(zstd) + " bytes against " + Files.size(plain));
    }

    private static List<TraceEvent> readAll(Path file) throws IOException {
        List<TraceEvent> rows = new ArrayList<>();
        try (TraceReader r = TraceReader.open(file)) {
            while (r.hasNext()) rows.add(r.next());
        }
        return rows;
    }
}
