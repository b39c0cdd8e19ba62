package vgtrace.replay.virgl;

/**
 * The arguments of {@code RESOURCE_CREATE_BLOB} ({@code virgl_renderer_resource_create_blob}),
 * raw wire values; the guest memory entries, if any, are passed separately as backing.
 */
public record BlobArgs(int resId, int ctxId, int blobMem, int blobFlags, long blobId, long size) {

    public static final int MEM_GUEST = 1;
    public static final int MEM_HOST3D = 2;
    public static final int MEM_HOST3D_GUEST = 3;
    public static final int FLAG_USE_MAPPABLE = 1;
    public static final int FLAG_USE_SHAREABLE = 2;
    public static final int FLAG_USE_CROSS_DEVICE = 4;
}
