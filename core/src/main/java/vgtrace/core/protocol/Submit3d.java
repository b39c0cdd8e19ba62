package vgtrace.core.protocol;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.Objects;

/**
 * VIRTIO_GPU_CMD_SUBMIT_3D: an opaque command stream for the header's context (and ring). The
 * stream is the {@code size} bytes after the struct; the size field is kept and must equal the
 * stream's length. The array is shared, not copied (streams can be large): do not modify it.
 */
public record Submit3d(CtrlHeader header, int size, int padding, byte[] commands) implements GpuCommand {

    private static final long SIZE = Layouts.offset(Layouts.CMD_SUBMIT, "size");
    private static final long PADDING = Layouts.offset(Layouts.CMD_SUBMIT, "padding");
    static final long FIXED_SIZE = Layouts.CMD_SUBMIT.byteSize();

    public Submit3d {
        Require.type(header, CtrlType.SUBMIT_3D);
        Objects.requireNonNull(commands, "commands");
        Require.count(size, commands.length, "size");
    }

    /** The command with {@code size} set from the stream. */
    public static Submit3d of(CtrlHeader header, byte[] commands) {
        return new Submit3d(header, commands.length, 0, commands);
    }

    static Submit3d decode(CtrlHeader h, MemorySegment s) throws DecodeException {
        int size = Wire.u32(s, SIZE);
        long need = Integer.toUnsignedLong(size);
        long have = s.byteSize() - FIXED_SIZE;
        if (need > have) {
            throw new DecodeException(h, "size=" + need + " needs " + need + " bytes, have " + have);
        }
        return new Submit3d(h, size, Wire.u32(s, PADDING), Wire.bytes(s, FIXED_SIZE, need));
    }

    void encodeBody(MemorySegment s) {
        Wire.u32(s, SIZE, size);
        Wire.u32(s, PADDING, padding);
        Wire.bytes(s, FIXED_SIZE, commands);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Submit3d c && header.equals(c.header) && size == c.size && padding == c.padding
                && Arrays.equals(commands, c.commands);
    }

    @Override
    public int hashCode() {
        return Objects.hash(header, size, padding, Arrays.hashCode(commands));
    }

    @Override
    public String toString() {
        return "Submit3d[header=" + header + ", size=" + Integer.toUnsignedString(size) + ", padding=" + padding
                + ", commands=" + Hex.summary(commands) + "]";
    }
}
