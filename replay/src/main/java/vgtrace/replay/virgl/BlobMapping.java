package vgtrace.replay.virgl;

import java.lang.foreign.MemorySegment;

/**
 * The answer to a blob map. On success ({@code result == 0}) {@code view} is the host mapping,
 * valid until the blob is unmapped or unreferenced (then any access throws
 * {@link IllegalStateException} rather than touching freed memory), and {@code mapInfo} is the
 * {@code VIRGL_RENDERER_MAP_CACHE_*} value. On failure {@code view} is {@link MemorySegment#NULL}
 * and {@code result} is virglrenderer's code.
 */
public record BlobMapping(int result, MemorySegment view, int mapInfo) {

    static BlobMapping failed(int result) {
        return new BlobMapping(result, MemorySegment.NULL, 0);
    }

    public boolean ok() {
        return result == 0;
    }
}
