package vgtrace.core.trace;

import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowStreamWriter;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vgtrace.core.trace.TraceFileException.Kind;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Files that are not readable traces give the right TraceFileException kind and nothing else. */
class CorruptTraceTest {

    @TempDir
    Path dir;

    @Test
    void causesAreDescribedWithoutJavaExceptionNames() {
        assertEquals("", TraceFileException.oneLine(new IndexOutOfBoundsException()), "no message, no name");
        assertEquals(" (bad flatbuffer)", TraceFileException.oneLine(
                new RuntimeException(new java.io.EOFException("bad flatbuffer"))), "a wrapped cause's name is dropped");
        assertEquals(" (Index 7 out of bounds for length 3)",
                TraceFileException.oneLine(new IndexOutOfBoundsException("Index 7 out of bounds for length 3")));
    }

    @Test
    void missingFile() {
        assertKind(Kind.NOT_FOUND, dir.resolve("nope.arrows"));
    }

    @Test
    void emptyFile() throws IOException {
        assertKind(Kind.EMPTY, Files.write(dir.resolve("empty.arrows"), new byte[0]));
    }

    @Test
    void randomBytes() throws IOException {
        byte[] noise = new byte[4096];
        new Random(7).nextBytes(noise);
        noise[0] = 0x12;
        assertKind(Kind.NOT_ARROW, Files.write(dir.resolve("noise.arrows"), noise));
    }

    @Test
    void textFile() throws IOException {
        assertKind(Kind.NOT_ARROW, Files.writeString(dir.resolve("notes.arrows"), "virtio_gpu_cmd_queue: vdev=0\n"));
    }

    @Test
    void truncatedSchema() throws IOException {
        Path good = dir.resolve("good.arrows");
        TraceSamples.write(good, 1);
        byte[] bytes = Files.readAllBytes(good);
        Path cut = Files.write(dir.resolve("cut.arrows"), Arrays.copyOf(bytes, 100));
        TraceFileException e = assertKind(Kind.CORRUPT, cut);
        assertTrue(e.getMessage().contains("schema"), e.getMessage());
    }

    @Test
    void arrowStreamWithAnotherSchema() throws IOException {
        Path other = dir.resolve("other.arrows");
        writeArrow(other, new Schema(List.of(Field.nullable("x", new ArrowType.Int(32, true))), Map.of("k", "v")));
        assertKind(Kind.NOT_A_TRACE, other);
    }

    @Test
    void newerVersion() throws IOException {
        int next = TraceSchema.FORMAT_VERSION + 1;
        Path file = dir.resolve("next.arrows");
        writeArrow(file, new Schema(TraceSchema.SCHEMA.getFields(), Map.of("vgtrace.format_version", "" + next)));
        TraceFileException e = assertKind(Kind.NEWER_VERSION, file);
        assertTrue(e.getMessage().contains("version " + next), e.getMessage());
    }

    @Test
    void traceMetadataOnOtherColumns() throws IOException {
        Path file = dir.resolve("columns.arrows");
        writeArrow(file, new Schema(List.of(Field.nullable("x", new ArrowType.Int(32, true))),
                Map.of("vgtrace.format_version", "1")));
        assertKind(Kind.CORRUPT, file);
    }

    @Test
    void bytesFlippedInsideABatchGiveCorrupt() throws IOException {
        Path file = dir.resolve("flip.arrows");
        TraceSamples.write(file, 3);
        byte[] bytes = Files.readAllBytes(file);
        // A batch's offsets start right after its metadata; all 0xff makes them run backwards.
        int second = secondMessageStart(bytes);
        int bodyStart = second + 8 + littleEndianInt(bytes, second + 4);
        for (int i = bodyStart; i < bodyStart + 64 && i < bytes.length; i++) bytes[i] = (byte) 0xff;
        Files.write(file, bytes);
        assertThrows(TraceFileException.class, () -> {
            try (TraceReader r = TraceReader.open(file)) {
                TraceSamples.readAll(r);
            }
        });
    }

    private static int secondMessageStart(byte[] bytes) {
        return 8 + littleEndianInt(bytes, 4);
    }

    private static int littleEndianInt(byte[] b, int at) {
        return (b[at] & 0xff) | (b[at + 1] & 0xff) << 8 | (b[at + 2] & 0xff) << 16 | (b[at + 3] & 0xff) << 24;
    }

    /** An Arrow stream of {@code schema} with no batches, written by Arrow itself. */
    private static void writeArrow(Path file, Schema schema) throws IOException {
        try (RootAllocator allocator = new RootAllocator();
             VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator);
             OutputStream out = Files.newOutputStream(file);
             ArrowStreamWriter w = new ArrowStreamWriter(root, null, out)) {
            w.start();
            w.end();
        }
    }

    static TraceFileException assertKind(Kind kind, Path file) {
        TraceFileException e = assertThrows(TraceFileException.class, () -> {
            try (TraceReader r = TraceReader.open(file)) {
                TraceSamples.readAll(r);
            }
        });
        assertEquals(kind, e.kind(), e.getMessage());
        assertEquals(1, e.getMessage().lines().count(), "one line: " + e.getMessage());
        return e;
    }

    @Test
    void aMessageStaysOneLineWhateverTheFileHolds() {
        TraceFileException e = TraceFileException.corrupt(Path.of("t.arrows"), "column 13 is f\nrmat\r");
        assertEquals(1, e.getMessage().lines().count(), e.getMessage());
        assertTrue(e.getMessage().contains("f\\u000armat\\u000d"), e.getMessage());
    }
}
