package vgtrace.replay.virgl;

/**
 * The arguments of a 3D resource ({@code RESOURCE_CREATE_3D}, {@code virgl_renderer_resource_create}).
 * Raw u32 fields, passed through unchecked: virglrenderer validates them and its answer is the
 * guest-visible result.
 */
public record ResourceArgs(int resId, int target, int format, int bind, int width, int height, int depth,
                           int arraySize, int lastLevel, int nrSamples, int flags) {

    /** Gallium {@code PIPE_BUFFER}. */
    public static final int TARGET_BUFFER = 0;
    /** Gallium {@code PIPE_TEXTURE_2D}. */
    public static final int TARGET_TEXTURE_2D = 2;
    /** {@code VIRGL_FORMAT_B8G8R8A8_UNORM} (also virtio-gpu format 1). */
    public static final int FORMAT_B8G8R8A8_UNORM = 1;
    /** {@code VIRGL_FORMAT_R8_UNORM}. */
    public static final int FORMAT_R8_UNORM = 64;
    public static final int BIND_RENDER_TARGET = 1 << 1;
    public static final int BIND_SAMPLER_VIEW = 1 << 3;
    public static final int BIND_VERTEX_BUFFER = 1 << 4;
    /** {@code VIRGL_RESOURCE_FLAG_MAP_PERSISTENT}: a buffer the host can map (for HOST3D blobs). */
    public static final int FLAG_MAP_PERSISTENT = 1 << 1;

    /** A single-level, single-sample 2D texture. */
    public static ResourceArgs texture2d(int resId, int format, int bind, int width, int height) {
        return new ResourceArgs(resId, TARGET_TEXTURE_2D, format, bind, width, height, 1, 1, 0, 0, 0);
    }
}
