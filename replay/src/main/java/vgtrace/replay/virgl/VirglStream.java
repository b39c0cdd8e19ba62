package vgtrace.replay.virgl;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Builds a virgl command stream (the payload of {@code SUBMIT_3D} on a virgl context): a sequence
 * of dword packets, each headed by {@code cmd | object << 8 | length << 16} where length counts
 * the dwords after the header (virglrenderer {@code virgl_protocol.h}). Only what tests and the
 * replay's smoke test need.
 */
public final class VirglStream {

    static final int CCMD_NOP = 0;
    static final int CCMD_CREATE_OBJECT = 1;
    static final int CCMD_SET_FRAMEBUFFER_STATE = 5;
    static final int CCMD_CLEAR = 7;
    static final int CCMD_PIPE_RESOURCE_CREATE = 48;
    static final int OBJECT_SURFACE = 8;

    /** Gallium {@code PIPE_CLEAR_COLOR0}. */
    public static final int CLEAR_COLOR0 = 1 << 2;

    private int[] dwords = new int[64];
    private int count;

    /** A packet that does nothing: the cheapest thing a context can be given. */
    public VirglStream nop() {
        return packet(CCMD_NOP, 0);
    }

    /** A surface object {@code handle} on level {@code level}, layers first..last, of texture {@code resId}. */
    public VirglStream createSurface(int handle, int resId, int format, int level, int firstLayer, int lastLayer) {
        return packet(CCMD_CREATE_OBJECT, OBJECT_SURFACE, handle, resId, format, level,
                (firstLayer & 0xffff) | (lastLayer << 16));
    }

    /** Binds colour buffers (surface handles) and a depth/stencil surface (0 = none). */
    public VirglStream setFramebufferState(int zsurfHandle, int... colorHandles) {
        int[] body = new int[2 + colorHandles.length];
        body[0] = colorHandles.length;
        body[1] = zsurfHandle;
        System.arraycopy(colorHandles, 0, body, 2, colorHandles.length);
        return packet(CCMD_SET_FRAMEBUFFER_STATE, 0, body);
    }

    /** Clears the bound buffers selected by {@code buffers} ({@link #CLEAR_COLOR0}, ...). */
    public VirglStream clear(int buffers, float r, float g, float b, float a, double depth, int stencil) {
        long d = Double.doubleToRawLongBits(depth);
        return packet(CCMD_CLEAR, 0, buffers, Float.floatToRawIntBits(r), Float.floatToRawIntBits(g),
                Float.floatToRawIntBits(b), Float.floatToRawIntBits(a), (int) d, (int) (d >>> 32), stencil);
    }

    /**
     * Creates a host resource for a later {@code HOST3D} blob of id {@code blobId} (virglrenderer
     * only keeps the low 32 bits of the id here).
     */
    public VirglStream pipeResourceCreate(ResourceArgs a, int blobId) {
        return packet(CCMD_PIPE_RESOURCE_CREATE, 0, a.target(), a.format(), a.bind(), a.width(), a.height(),
                a.depth(), a.arraySize(), a.lastLevel(), a.nrSamples(), a.flags(), blobId);
    }

    private VirglStream packet(int cmd, int object, int... body) {
        if (body.length > 0xffff) throw new IllegalArgumentException("a packet holds at most 65535 dwords");
        ensure(1 + body.length);
        dwords[count++] = cmd | object << 8 | body.length << 16;
        System.arraycopy(body, 0, dwords, count, body.length);
        count += body.length;
        return this;
    }

    private void ensure(int more) {
        if (count + more > dwords.length) dwords = Arrays.copyOf(dwords, Math.max(dwords.length * 2, count + more));
    }

    /** The stream as little-endian bytes. */
    public byte[] toBytes() {
        ByteBuffer out = ByteBuffer.allocate(count * 4).order(ByteOrder.LITTLE_ENDIAN);
        out.asIntBuffer().put(dwords, 0, count);
        return out.array();
    }
}
