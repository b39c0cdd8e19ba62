package vgtrace.capture.shim;

import net.jqwik.api.*;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import vgtrace.capture.proxy.Recorder;
import vgtrace.capture.proxy.RowWriter;
import vgtrace.core.trace.*;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The shim's record stream comes from inside a guest's QEMU: hostile, truncated and oversized
 * records give records or a {@link ShimProtocolException}, never another exception, and whatever
 * decodes becomes rows that a trace holds and reads back.
 */
class ShimRecordDecoderTest {

    static byte[] record(int type, long ts, byte[] body) {
        ByteBuffer b = ByteBuffer.allocate(16 + body.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(type).putInt(body.length).putLong(ts).put(body);
        return b.array();
    }

    static byte[] command(long id, byte[] wire) {
        ByteBuffer b = ByteBuffer.allocate(16 + wire.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(id).putInt(0).putInt(0).put(wire);
        return record(3, 1, b.array());
    }

    static byte[] memory(long id, int kind, long[][] segments, byte[] data) {
        ByteBuffer b = ByteBuffer.allocate(24 + 16 * segments.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(id).putInt(kind).putInt(7).putInt(segments.length).putInt(0);
        for (long[] s : segments) b.putLong(s[0]).putLong(s[1]);
        b.put(data);
        return record(5, 2, b.array());
    }

    static List<ShimRecord> decodeAll(byte[] stream) throws IOException {
        ShimRecordDecoder d = new ShimRecordDecoder(new ByteArrayInputStream(stream));
        List<ShimRecord> out = new ArrayList<>();
        for (ShimRecord r; (r = d.next()) != null; ) out.add(r);
        return out;
    }

    @Test
    void decodesEachKindOfRecord() throws IOException {
        byte[] wire = new byte[24];
        wire[0] = 0x07;
        wire[1] = 0x02;
        ByteArrayOutputStream s = new ByteArrayOutputStream();
        s.writeBytes(record(1, 5, concat(new byte[] {1, 0, 0, 0, 42, 0, 0, 0}, "exe=/usr/bin/qemu-system-x86_64\n".getBytes())));
        s.writeBytes(record(2, 6, "device=virtio-gpu-gl-device\nqemu_version=10.0.13\n".getBytes()));
        s.writeBytes(command(9, wire));
        s.writeBytes(memory(9, 1, new long[][] {{0x1000, 2}, {0x3000, 1}}, new byte[] {1, 2, 3}));
        ByteBuffer fence = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putInt(3).putInt(-1).putLong(77);
        s.writeBytes(record(6, 8, fence.array()));
        s.writeBytes(record(7, 9, "lost 3 records".getBytes()));
        List<ShimRecord> r = decodeAll(s.toByteArray());
        assertEquals(new ShimRecord.Hello(5, 1, 42, java.util.Map.of("exe", "/usr/bin/qemu-system-x86_64")), r.get(0));
        assertEquals("10.0.13", ((ShimRecord.Device) r.get(1)).facts().get("qemu_version"));
        ShimRecord.Command c = (ShimRecord.Command) r.get(2);
        assertEquals(9, c.id());
        assertArrayEquals(wire, c.bytes());
        ShimRecord.Memory m = (ShimRecord.Memory) r.get(3);
        assertEquals(ShimRecord.MemoryKind.READBACK, m.kind());
        assertEquals(List.of(new GuestRange(0x1000, 2), new GuestRange(0x3000, 1)), m.ranges());
        assertArrayEquals(new byte[] {1, 2, 3}, m.bytes());
        assertEquals(new ShimRecord.Fence(8, 3, null, 77), r.get(4));
        assertEquals(new ShimRecord.Note(9, "lost 3 records"), r.get(5));
    }

    @Test
    void refusesWhatDoesNotAddUp() {
        // Segments that cover more bytes than the record holds.
        assertThrows(ShimProtocolException.class, () -> decodeAll(memory(1, 0, new long[][] {{0, 8}}, new byte[4])));
        // A negative length, an unknown kind, an unknown type, a torn header and a torn body.
        assertThrows(ShimProtocolException.class, () -> decodeAll(memory(1, 0, new long[][] {{0, -4}}, new byte[0])));
        assertThrows(ShimProtocolException.class, () -> decodeAll(memory(1, 9, new long[][] {{0, 1}}, new byte[1])));
        assertThrows(ShimProtocolException.class, () -> decodeAll(record(99, 0, new byte[0])));
        assertThrows(ShimProtocolException.class, () -> decodeAll(new byte[7]));
        byte[] torn = command(1, new byte[24]);
        assertThrows(ShimProtocolException.class, () -> decodeAll(java.util.Arrays.copyOf(torn, torn.length - 1)));
        // A length past the limit is refused before anything is allocated for it.
        byte[] huge = record(3, 0, new byte[0]);
        ByteBuffer.wrap(huge).order(ByteOrder.LITTLE_ENDIAN).putInt(4, -1);
        ShimProtocolException e = assertThrows(ShimProtocolException.class, () -> decodeAll(huge));
        assertTrue(e.getMessage().contains("declares 4294967295 bytes"), e.getMessage());
    }

    @Property(tries = 3000)
    void arbitraryBytesDecodeOrAreRefused(@ForAll @Size(max = 300) byte[] bytes) {
        assertDecodesOrRefuses(bytes);
    }

    /** Valid streams with one byte changed or cut short: the mutations a torn or hostile stream makes. */
    @Property(tries = 3000)
    void mutatedStreamsDecodeOrAreRefused(@ForAll("streams") byte[] stream, @ForAll @IntRange(max = 10_000) int at,
                                          @ForAll byte value, @ForAll boolean cut) {
        byte[] s = stream.clone();
        int i = at % s.length;
        if (cut) s = java.util.Arrays.copyOf(s, i);
        else s[i] = value;
        assertDecodesOrRefuses(s);
    }

    private static void assertDecodesOrRefuses(byte[] bytes) {
        try {
            decodeAll(bytes);
        } catch (ShimProtocolException expected) {
            assertFalse(expected.getMessage().contains("\n"));
        } catch (Throwable t) {
            fail("unexpected " + t, t);
        }
    }

    @Provide
    Arbitrary<byte[]> streams() {
        Arbitrary<byte[]> wire = Arbitraries.bytes().array(byte[].class).ofMinSize(0).ofMaxSize(80);
        Arbitrary<byte[]> one = Arbitraries.oneOf(
                wire.map(w -> command(3, w)),
                wire.map(w -> record(4, 1, concat(new byte[8], w))),
                wire.filter(w -> w.length > 0).map(w -> memory(3, w[0] & 3, new long[][] {{0x2000, w.length}}, w)),
                wire.map(w -> record(7, 1, w)),
                wire.map(w -> record(2, 1, w)));
        return one.list().ofMinSize(1).ofMaxSize(6).map(list -> {
            ByteArrayOutputStream s = new ByteArrayOutputStream();
            list.forEach(s::writeBytes);
            return s.toByteArray();
        });
    }

    /** Whatever decodes becomes rows: hostile commands, responses and memory give a trace that reads back. */
    @Property(tries = 200)
    void decodedRecordsBecomeATraceThatReadsBack(@ForAll("streams") byte[] stream) throws IOException {
        List<ShimRecord> records;
        try {
            records = decodeAll(stream);
        } catch (ShimProtocolException e) {
            return;
        }
        Path dir = Files.createTempDirectory("shim-rows");
        Path trace = dir.resolve("t.arrows");
        try (TraceWriter w = TraceWriter.create(trace, TraceMetadata.of("qemu-shim"), WriterOptions.DEFAULTS);
             Recorder recorder = new Recorder(RowWriter.of(w), 1024)) {
            ShimRows rows = new ShimRows(recorder);
            records.forEach(rows::accept);
        }
        long commands = records.stream().filter(r -> r instanceof ShimRecord.Command).count();
        long read = 0;
        try (TraceReader r = TraceReader.open(trace)) {
            while (r.hasNext()) {
                TraceEvent e = r.next();
                if (e.kind() == EventKind.COMMAND || e.kind() == EventKind.NOTE && e.text().matches("queue \\d+: command of .*")) read++;
            }
        }
        assertEquals(commands, read, "every command is a row (a NOTE when it has no header)");
        Files.delete(trace);
        Files.delete(dir);
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Test
    void aNoteIsText() throws IOException {
        assertEquals("é", ((ShimRecord.Note) decodeAll(record(7, 0, "é".getBytes(StandardCharsets.UTF_8))).getFirst()).text());
    }
}
