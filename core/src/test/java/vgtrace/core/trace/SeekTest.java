package vgtrace.core.trace;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.*;

/** Batch spans reported by a batch read lead a later reader straight back to those rows. */
class SeekTest {

    @TempDir
    Path dir;

    @Test
    void spansOfABatchReadLetAReaderJumpToAnyBatchInAnyOrder() throws IOException {
        Path file = dir.resolve("t.arrows");
        List<TraceEvent> written = TraceSamples.write(file, 5);
        List<BatchSpan> spans = new ArrayList<>();
        try (BufferAllocator a = TraceMemory.root().newChildAllocator("seek test", 0, Long.MAX_VALUE);
             TraceReader r = TraceReader.open(file); ArrowReader batches = r.arrowReader(a, spans::add, true)) {
            while (batches.loadNextBatch()) assertFalse(spans.isEmpty());
        }
        assertEquals(5, spans.size());
        for (int i = 0; i < spans.size(); i++) {
            assertEquals(written.get(i * 20).seq(), spans.get(i).firstSeq());
            assertEquals(written.get(i * 20 + 19).seq(), spans.get(i).lastSeq());
        }
        try (TraceReader r = TraceReader.open(file)) {
            for (int batch : new int[]{3, 0, 4, 1}) {
                r.seek(spans.get(batch));
                for (int i = 0; i < 20; i++) TraceSamples.assertSameRow(written.get(batch * 20 + i), r.next());
            }
            r.seek(spans.get(4));
            for (int i = 0; i < 20; i++) r.next();
            assertFalse(r.hasNext(), "the last batch is followed by the end of the stream");
        }
    }

    @Test
    void aSpanThatIsNotABatchStartReadsAsCorrupt() throws IOException {
        Path file = dir.resolve("t.arrows");
        TraceSamples.write(file, 2);
        try (TraceReader r = TraceReader.open(file)) {
            r.seek(new BatchSpan(13, 0, 0));
            TraceFileException e = assertThrows(TraceFileException.class, r::hasNext);
            assertEquals(TraceFileException.Kind.CORRUPT, e.kind());
        }
    }

    @Test
    void aTornFileSaysHowManyBytesFollowItsLastCompleteBatch() throws IOException {
        Path file = dir.resolve("t.arrows");
        TraceSamples.write(file, 5);
        List<BatchSpan> spans = new ArrayList<>();
        try (BufferAllocator a = TraceMemory.root().newChildAllocator("torn test", 0, Long.MAX_VALUE);
             TraceReader r = TraceReader.open(file); TraceStreamReader batches = r.arrowReader(a, spans::add, false)) {
            while (batches.loadNextBatch()) { }
            assertEquals(Optional.empty(), batches.truncation(), "a complete file");
        }
        long cut = spans.get(4).fileOffset() + 100;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.truncate(cut);
        }
        try (BufferAllocator a = TraceMemory.root().newChildAllocator("torn test", 0, Long.MAX_VALUE);
             TraceReader r = TraceReader.open(file); TraceStreamReader batches = r.arrowReader(a, span -> { }, false)) {
            while (batches.loadNextBatch()) { }
            Truncation t = batches.truncation().orElseThrow();
            assertEquals(100, t.tornBytes(), "from the torn batch's start to the cut");
            assertEquals(80, t.rowsRead());
            while (r.hasNext()) r.next();
            assertEquals(t.tornBytes(), r.truncation().orElseThrow().tornBytes(), "row and batch reads agree");
        }
    }
}
