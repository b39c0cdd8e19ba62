package vgtrace.core.protocol;

/**
 * Capset ids (VIRTIO_GPU_CAPSET_*) the Linux header defines. Ids from 7 on are backend-specific and
 * contested (rutabaga, VCL and HSAKMT proposals clash), so they are shown as numbers.
 */
public enum Capset implements WireCode {
    VIRGL(1), VIRGL2(2), GFXSTREAM_VULKAN(3), VENUS(4), CROSS_DOMAIN(5), DRM(6);

    private final int code;

    Capset(int code) {
        this.code = code;
    }

    @Override
    public int code() {
        return code;
    }

    /** {@code VENUS} for 4; the number for an id this enum does not name. */
    public static String nameOf(int id) {
        return WireCode.nameOf(values(), id);
    }
}
