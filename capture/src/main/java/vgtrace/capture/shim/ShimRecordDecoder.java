package vgtrace.capture.shim;

import vgtrace.core.trace.GuestRange;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the shim's record stream: a 16-byte header (u32 type, u32 body length, u64 time), then the
 * body; little-endian throughout. The bytes come from inside a guest's QEMU, so every length and
 * count is checked against the bytes present and against fixed limits; anything else is a
 * {@link ShimProtocolException}, never another exception.
 */
public final class ShimRecordDecoder {

    static final int HEADER = 16;
    /** The longest body: a 256 MiB memory snapshot with its segment list (the shim's own bound). */
    static final int MAX_BODY = (256 << 20) + (1 << 20) * 16 + 64;
    /** A body is read in steps of this size, so a lying length costs at most the bytes that follow. */
    private static final int STEP = 1 << 20;

    private final InputStream in;
    private final byte[] header = new byte[HEADER];

    public ShimRecordDecoder(InputStream in) {
        this.in = in;
    }

    /** The next record, or null at the end of the stream between records. */
    public ShimRecord next() throws IOException {
        int n = in.readNBytes(header, 0, HEADER);
        if (n == 0) return null;
        if (n < HEADER) throw new ShimProtocolException("the shim's stream ends inside a record header");
        ByteBuffer h = ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN);
        int type = h.getInt(0);
        long length = Integer.toUnsignedLong(h.getInt(4));
        if (length > MAX_BODY)
            throw new ShimProtocolException("record of type %d declares %d bytes, more than %d".formatted(type, length, MAX_BODY));
        return decode(type, h.getLong(8), readBody((int) length));
    }

    private byte[] readBody(int length) throws IOException {
        byte[] body = new byte[Math.min(length, STEP)];
        int filled = 0;
        while (filled < length) {
            if (filled == body.length) body = Arrays.copyOf(body, Math.min(length, body.length * 2));
            int r = in.read(body, filled, body.length - filled);
            if (r < 0) throw new ShimProtocolException("the shim's stream ends inside a record (%d of %d bytes)".formatted(filled, length));
            filled += r;
        }
        return body;
    }

    /** One record from its type, time and body. */
    public static ShimRecord decode(int type, long tsNs, byte[] body) throws ShimProtocolException {
        ByteBuffer b = ByteBuffer.wrap(body).order(ByteOrder.LITTLE_ENDIAN);
        return switch (type) {
            case 1 -> {
                need(b, 8, "HELLO");
                yield new ShimRecord.Hello(tsNs, b.getInt(0), b.getInt(4), facts(body, 8));
            }
            case 2 -> new ShimRecord.Device(tsNs, facts(body, 0));
            case 3 -> {
                need(b, 16, "COMMAND");
                yield new ShimRecord.Command(tsNs, b.getLong(0), b.getInt(8), Arrays.copyOfRange(body, 16, body.length));
            }
            case 4 -> {
                need(b, 8, "RESPONSE");
                yield new ShimRecord.Response(tsNs, b.getLong(0), Arrays.copyOfRange(body, 8, body.length));
            }
            case 5 -> memory(tsNs, b, body);
            case 6 -> {
                need(b, 16, "FENCE");
                int ring = b.getInt(4);
                yield new ShimRecord.Fence(tsNs, b.getInt(0), ring == -1 ? null : ring, b.getLong(8));
            }
            case 7 -> new ShimRecord.Note(tsNs, text(body, 0));
            default -> throw new ShimProtocolException("unknown record type " + Integer.toUnsignedString(type));
        };
    }

    private static ShimRecord memory(long tsNs, ByteBuffer b, byte[] body) throws ShimProtocolException {
        need(b, 24, "MEMORY");
        int kind = b.getInt(8);
        if (kind < 0 || kind >= ShimRecord.MemoryKind.values().length)
            throw new ShimProtocolException("MEMORY record of unknown kind " + Integer.toUnsignedString(kind));
        long count = Integer.toUnsignedLong(b.getInt(16));
        if (count == 0 || count > (body.length - 24L) / 16)
            throw new ShimProtocolException("MEMORY record with %d segments in %d bytes".formatted(count, body.length));
        List<GuestRange> ranges = new ArrayList<>((int) count);
        long total = 0;
        for (int i = 0; i < count; i++) {
            long addr = b.getLong(24 + 16 * i), len = b.getLong(32 + 16 * i);
            if (len <= 0 || addr < 0 || addr + len < addr)
                throw new ShimProtocolException("MEMORY record segment %d: %d bytes at 0x%x".formatted(i, len, addr));
            ranges.add(new GuestRange(addr, len));
            total += len;
        }
        int dataAt = 24 + 16 * (int) count;
        if (total != body.length - dataAt)
            throw new ShimProtocolException("MEMORY record: segments cover %d bytes, it holds %d".formatted(total, body.length - dataAt));
        return new ShimRecord.Memory(tsNs, b.getLong(0), ShimRecord.MemoryKind.values()[kind], b.getInt(12), ranges,
                Arrays.copyOfRange(body, dataAt, body.length));
    }

    private static void need(ByteBuffer b, int bytes, String what) throws ShimProtocolException {
        if (b.capacity() < bytes)
            throw new ShimProtocolException("%s record of %d bytes, shorter than %d".formatted(what, b.capacity(), bytes));
    }

    private static String text(byte[] body, int from) {
        return new String(body, from, body.length - from, StandardCharsets.UTF_8);
    }

    /** {@code key=value} lines; a line without '=' is kept under its own text with an empty value. */
    private static Map<String, String> facts(byte[] body, int from) {
        Map<String, String> facts = new LinkedHashMap<>();
        for (String line : text(body, from).split("\n")) {
            if (line.isBlank()) continue;
            int eq = line.indexOf('=');
            facts.put(eq < 0 ? line.strip() : line.substring(0, eq).strip(), eq < 0 ? "" : line.substring(eq + 1).strip());
        }
        return facts;
    }
}
