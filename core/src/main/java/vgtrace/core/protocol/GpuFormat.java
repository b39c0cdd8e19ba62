package vgtrace.core.protocol;

/**
 * The 2D formats (VIRTIO_GPU_FORMAT_*). 3D resources carry virgl format numbers, which agree with
 * these for these formats; any other number is shown as is.
 */
public enum GpuFormat implements WireCode {
    B8G8R8A8_UNORM(1), B8G8R8X8_UNORM(2), A8R8G8B8_UNORM(3), X8R8G8B8_UNORM(4),
    R8G8B8A8_UNORM(67), X8B8G8R8_UNORM(68), A8B8G8R8_UNORM(121), R8G8B8X8_UNORM(134);

    private final int code;

    GpuFormat(int code) {
        this.code = code;
    }

    @Override
    public int code() {
        return code;
    }

    /** {@code B8G8R8A8_UNORM} for 1; the number for a format this enum does not name. */
    public static String nameOf(int format) {
        return WireCode.nameOf(values(), format);
    }
}
