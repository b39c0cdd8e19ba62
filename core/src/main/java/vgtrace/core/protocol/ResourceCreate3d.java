package vgtrace.core.protocol;

import java.lang.foreign.MemorySegment;

/** VIRTIO_GPU_CMD_RESOURCE_CREATE_3D: a host resource described in gallium terms (target, bind, format). */
public record ResourceCreate3d(CtrlHeader header, int resourceId, int target, int format, int bind, int width,
        int height, int depth, int arraySize, int lastLevel, int nrSamples, int flags,
        int padding) implements GpuCommand {

    private static final long RESOURCE_ID = Layouts.offset(Layouts.RESOURCE_CREATE_3D, "resource_id");
    private static final long TARGET = Layouts.offset(Layouts.RESOURCE_CREATE_3D, "target");
    private static final long FORMAT = Layouts.offset(Layouts.RESOURCE_CREATE_3D, "format");
    private static final long BIND = Layouts.offset(Layouts.RESOURCE_CREATE_3D, "bind");
    private static final long WIDTH = Layouts.offset(Layouts.RESOURCE_CREATE_3D, "width");
    private static final long HEIGHT = Layouts.offset(Layouts.RESOURCE_CREATE_3D, "height");
    private static final long DEPTH = Layouts.offset(Layouts.RESOURCE_CREATE_3D, "depth");
    private static final long ARRAY_SIZE = Layouts.offset(Layouts.RESOURCE_CREATE_3D, "array_size");
    private static final long LAST_LEVEL = Layouts.offset(Layouts.RESOURCE_CREATE_3D, "last_level");
    private static final long NR_SAMPLES = Layouts.offset(Layouts.RESOURCE_CREATE_3D, "nr_samples");
    private static final long FLAGS = Layouts.offset(Layouts.RESOURCE_CREATE_3D, "flags");
    private static final long PADDING = Layouts.offset(Layouts.RESOURCE_CREATE_3D, "padding");

    public ResourceCreate3d {
        Require.type(header, CtrlType.RESOURCE_CREATE_3D);
    }

    static ResourceCreate3d decode(CtrlHeader h, MemorySegment s) {
        return new ResourceCreate3d(h, Wire.u32(s, RESOURCE_ID), Wire.u32(s, TARGET), Wire.u32(s, FORMAT),
                Wire.u32(s, BIND), Wire.u32(s, WIDTH), Wire.u32(s, HEIGHT), Wire.u32(s, DEPTH),
                Wire.u32(s, ARRAY_SIZE), Wire.u32(s, LAST_LEVEL), Wire.u32(s, NR_SAMPLES), Wire.u32(s, FLAGS),
                Wire.u32(s, PADDING));
    }

    void encodeBody(MemorySegment s) {
        Wire.u32(s, RESOURCE_ID, resourceId);
        Wire.u32(s, TARGET, target);
        Wire.u32(s, FORMAT, format);
        Wire.u32(s, BIND, bind);
        Wire.u32(s, WIDTH, width);
        Wire.u32(s, HEIGHT, height);
        Wire.u32(s, DEPTH, depth);
        Wire.u32(s, ARRAY_SIZE, arraySize);
        Wire.u32(s, LAST_LEVEL, lastLevel);
        Wire.u32(s, NR_SAMPLES, nrSamples);
        Wire.u32(s, FLAGS, flags);
        Wire.u32(s, PADDING, padding);
    }
}
