package vgtrace.replay.virgl;

/** {@code struct virgl_renderer_resource_info}: what the host made of a resource. */
public record ResourceInfo(int resId, int virglFormat, int width, int height, int depth, int flags,
                           int texId, int stride, int drmFourcc) {}
