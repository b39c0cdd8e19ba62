package vgtrace.core.trace;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** Batches read without the payload's bytes: every other column as it is, the payload null. */
class PayloadSkipTest {

    @TempDir
    Path dir;

    /** Uncompressed, the payload's bytes are passed over; compressed, its buffer reads as an empty one. */
    @ParameterizedTest
    @EnumSource(TraceCompression.class)
    void batchesWithoutPayloadHoldEveryOtherColumnUnchanged(TraceCompression compression) throws IOException {
        Path file = dir.resolve("t.arrows");
        TraceSamples.write(file, 4, compression);
        List<String> full = columnsWithout(file, true), skipped = columnsWithout(file, false);
        assertEquals(full, skipped, "every column but payload reads the same");
        try (BufferAllocator a = TraceMemory.root().newChildAllocator("skip test", 0, Long.MAX_VALUE);
             TraceReader r = TraceReader.open(file); ArrowReader batches = r.arrowReader(a, span -> { }, false)) {
            int batchCount = 0;
            while (batches.loadNextBatch()) {
                VectorSchemaRoot root = batches.getVectorSchemaRoot();
                FieldVector payload = root.getVector(TraceColumn.PAYLOAD.columnName());
                assertEquals(root.getRowCount(), payload.getNullCount());
                batchCount++;
            }
            assertEquals(4, batchCount);
        }
    }

    /** Every column's values but payload's, batch by batch, as text. */
    private static List<String> columnsWithout(Path file, boolean payload) throws IOException {
        List<String> out = new ArrayList<>();
        try (BufferAllocator a = TraceMemory.root().newChildAllocator("skip test", 0, Long.MAX_VALUE);
             TraceReader r = TraceReader.open(file); ArrowReader batches = r.arrowReader(a, span -> { }, payload)) {
            while (batches.loadNextBatch()) {
                for (FieldVector v : batches.getVectorSchemaRoot().getFieldVectors()) {
                    if (v.getName().equals(TraceColumn.PAYLOAD.columnName())) continue;
                    for (int i = 0; i < v.getValueCount(); i++) out.add(v.getName() + "=" + v.getObject(i));
                }
            }
        }
        return out;
    }

    @Test
    void theChannelPassesOverItsRangeAndReadsTheRest() throws IOException {
        Path file = dir.resolve("bytes");
        byte[] content = new byte[100];
        for (int i = 0; i < content.length; i++) content[i] = (byte) (i + 1);
        Files.write(file, content);
        try (FileChannel ch = FileChannel.open(file)) {
            SkippingChannel c = new SkippingChannel(ch);
            c.skip(30, 60);
            ByteBuffer into = ByteBuffer.allocate(100);
            while (into.hasRemaining() && c.read(into) >= 0) { }
            for (int i = 0; i < 100; i++) {
                assertEquals(i >= 30 && i < 60 ? 0 : content[i], into.get(i), "byte " + i);
            }
            assertEquals(100, ch.position());
        }
    }

    @Test
    void theFirstEightBytesOfTheRangeReadAsZerosTheRestAsTheyWere() throws IOException {
        Path file = dir.resolve("bytes");
        Files.write(file, new byte[100]);
        try (FileChannel ch = FileChannel.open(file)) {
            SkippingChannel c = new SkippingChannel(ch);
            c.skip(30, 60);
            ByteBuffer into = ByteBuffer.allocate(100);
            for (int i = 0; i < 100; i++) into.put(i, (byte) 7);
            while (into.hasRemaining() && c.read(into.limit(Math.min(100, into.position() + 5))) >= 0) {
                into.limit(100);
            }
            for (int i = 30; i < 60; i++) assertEquals(i < 38 ? 0 : 7, into.get(i), "byte " + i);
            assertEquals(100, ch.position());
        }
    }
}
