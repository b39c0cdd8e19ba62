package vgtrace.core.protocol;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.Objects;

/**
 * VIRTIO_GPU_CMD_SET_SCANOUT_BLOB: shows a rectangle of a blob on a scanout, with the blob's size,
 * {@link GpuFormat} and per-plane strides and offsets (4 each).
 */
public record SetScanoutBlob(CtrlHeader header, Rect r, int scanoutId, int resourceId, int width, int height,
        int format, int padding, int[] strides, int[] offsets) implements GpuCommand {

    public static final int PLANES = 4;

    private static final long R = Layouts.offset(Layouts.SET_SCANOUT_BLOB, "r");
    private static final long SCANOUT_ID = Layouts.offset(Layouts.SET_SCANOUT_BLOB, "scanout_id");
    private static final long RESOURCE_ID = Layouts.offset(Layouts.SET_SCANOUT_BLOB, "resource_id");
    private static final long WIDTH = Layouts.offset(Layouts.SET_SCANOUT_BLOB, "width");
    private static final long HEIGHT = Layouts.offset(Layouts.SET_SCANOUT_BLOB, "height");
    private static final long FORMAT = Layouts.offset(Layouts.SET_SCANOUT_BLOB, "format");
    private static final long PADDING = Layouts.offset(Layouts.SET_SCANOUT_BLOB, "padding");
    private static final long STRIDES = Layouts.offset(Layouts.SET_SCANOUT_BLOB, "strides");
    private static final long OFFSETS = Layouts.offset(Layouts.SET_SCANOUT_BLOB, "offsets");

    public SetScanoutBlob {
        Require.type(header, CtrlType.SET_SCANOUT_BLOB);
        Objects.requireNonNull(r, "r");
        Require.length(strides, PLANES, "strides");
        Require.length(offsets, PLANES, "offsets");
        strides = strides.clone();
        offsets = offsets.clone();
    }

    /** A copy: the record stays immutable. */
    @Override
    public int[] strides() {
        return strides.clone();
    }

    /** A copy: the record stays immutable. */
    @Override
    public int[] offsets() {
        return offsets.clone();
    }

    static SetScanoutBlob decode(CtrlHeader h, MemorySegment s) {
        return new SetScanoutBlob(h, Rect.read(s, R), Wire.u32(s, SCANOUT_ID), Wire.u32(s, RESOURCE_ID),
                Wire.u32(s, WIDTH), Wire.u32(s, HEIGHT), Wire.u32(s, FORMAT), Wire.u32(s, PADDING),
                Wire.u32s(s, STRIDES, PLANES), Wire.u32s(s, OFFSETS, PLANES));
    }

    void encodeBody(MemorySegment s) {
        r.write(s, R);
        Wire.u32(s, SCANOUT_ID, scanoutId);
        Wire.u32(s, RESOURCE_ID, resourceId);
        Wire.u32(s, WIDTH, width);
        Wire.u32(s, HEIGHT, height);
        Wire.u32(s, FORMAT, format);
        Wire.u32(s, PADDING, padding);
        Wire.u32s(s, STRIDES, strides);
        Wire.u32s(s, OFFSETS, offsets);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SetScanoutBlob b && header.equals(b.header) && r.equals(b.r) && scanoutId == b.scanoutId
                && resourceId == b.resourceId && width == b.width && height == b.height && format == b.format
                && padding == b.padding && Arrays.equals(strides, b.strides) && Arrays.equals(offsets, b.offsets);
    }

    @Override
    public int hashCode() {
        return Objects.hash(header, r, scanoutId, resourceId, width, height, format, padding,
                Arrays.hashCode(strides), Arrays.hashCode(offsets));
    }

    @Override
    public String toString() {
        return "SetScanoutBlob[header=" + header + ", r=" + r + ", scanoutId=" + scanoutId + ", resourceId="
                + resourceId + ", width=" + width + ", height=" + height + ", format=" + format + ", padding="
                + padding + ", strides=" + Arrays.toString(strides) + ", offsets=" + Arrays.toString(offsets) + "]";
    }
}
