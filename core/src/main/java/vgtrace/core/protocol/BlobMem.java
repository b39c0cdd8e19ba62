package vgtrace.core.protocol;

/** Where a blob's memory lives (VIRTIO_GPU_BLOB_MEM_*); zero is invalid. */
public enum BlobMem implements WireCode {
    GUEST(1), HOST3D(2), HOST3D_GUEST(3);

    private final int code;

    BlobMem(int code) {
        this.code = code;
    }

    @Override
    public int code() {
        return code;
    }

    public static String nameOf(int blobMem) {
        return WireCode.nameOf(values(), blobMem);
    }
}
