package vgtrace.core.protocol;

import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * VIRTIO_GPU_CMD_CTX_CREATE: creates the header's context. {@code context_init}'s low 8 bits are the
 * {@link Capset} id (0: the device picks). The debug name is kept raw (64 bytes, whatever follows
 * {@code nlen} included); {@link #debugName()} gives its text.
 */
public record CtxCreate(CtrlHeader header, int nlen, int contextInit, byte[] debugNameBytes) implements GpuCommand {

    public static final int DEBUG_NAME_BYTES = 64;
    public static final int CAPSET_ID_MASK = 0xff;

    private static final long NLEN = Layouts.offset(Layouts.CTX_CREATE, "nlen");
    private static final long CONTEXT_INIT = Layouts.offset(Layouts.CTX_CREATE, "context_init");
    private static final long DEBUG_NAME = Layouts.offset(Layouts.CTX_CREATE, "debug_name");

    public CtxCreate {
        Require.type(header, CtrlType.CTX_CREATE);
        Require.length(debugNameBytes, DEBUG_NAME_BYTES, "debug_name");
        debugNameBytes = debugNameBytes.clone();
    }

    /** The command with a UTF-8 name, cut to 64 bytes, zero-filled after it; {@code nlen} is its length. */
    public static CtxCreate of(CtrlHeader header, int contextInit, String debugName) {
        byte[] name = debugName.getBytes(StandardCharsets.UTF_8);
        int nlen = Math.min(name.length, DEBUG_NAME_BYTES);
        return new CtxCreate(header, nlen, contextInit, Arrays.copyOf(name, DEBUG_NAME_BYTES));
    }

    /** A copy: the record stays immutable. */
    @Override
    public byte[] debugNameBytes() {
        return debugNameBytes.clone();
    }

    /** The first {@code nlen} bytes of the name (at most 64) as UTF-8, stopping at a NUL. */
    public String debugName() {
        int length = (int) Math.min(Integer.toUnsignedLong(nlen), DEBUG_NAME_BYTES);
        for (int i = 0; i < length; i++) {
            if (debugNameBytes[i] == 0) {
                length = i;
                break;
            }
        }
        return new String(debugNameBytes, 0, length, StandardCharsets.UTF_8);
    }

    /** The capset the context is for: {@code context_init}'s low 8 bits. */
    public int capsetId() {
        return contextInit & CAPSET_ID_MASK;
    }

    static CtxCreate decode(CtrlHeader h, MemorySegment s) {
        return new CtxCreate(h, Wire.u32(s, NLEN), Wire.u32(s, CONTEXT_INIT),
                Wire.bytes(s, DEBUG_NAME, DEBUG_NAME_BYTES));
    }

    void encodeBody(MemorySegment s) {
        Wire.u32(s, NLEN, nlen);
        Wire.u32(s, CONTEXT_INIT, contextInit);
        Wire.bytes(s, DEBUG_NAME, debugNameBytes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CtxCreate c && header.equals(c.header) && nlen == c.nlen && contextInit == c.contextInit
                && Arrays.equals(debugNameBytes, c.debugNameBytes);
    }

    @Override
    public int hashCode() {
        return Objects.hash(header, nlen, contextInit, Arrays.hashCode(debugNameBytes));
    }

    @Override
    public String toString() {
        return "CtxCreate[header=" + header + ", nlen=" + nlen + ", contextInit=" + contextInit + ", debugName="
                + debugName() + "]";
    }
}
