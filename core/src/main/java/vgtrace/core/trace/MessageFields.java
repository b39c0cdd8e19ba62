package vgtrace.core.trace;

/**
 * The decoded fields of a message that the trace stores as their own nullable columns, so that SQL
 * needs no payload parsing. A field is {@code null} when the message has no such field or the
 * source did not know it (an ftrace import knows only the header). Unsigned u32 wire values are
 * kept in their raw bits; readers widen with {@code Integer.toUnsignedLong} where it matters.
 *
 * <p>{@code x, y, z, width, height, depth} are the message's rect or box; {@code addr} is a guest
 * physical address (MEMORY rows). {@code offset} is a transfer or map offset.
 */
public record MessageFields(
        Integer resourceId,
        Integer scanoutId,
        Integer format,
        Integer x,
        Integer y,
        Integer z,
        Integer width,
        Integer height,
        Integer depth,
        Long offset,
        Long addr,
        Long size,
        Integer level,
        Integer stride,
        Integer blobMem,
        Integer blobFlags,
        Long blobId,
        Integer capsetId,
        Integer capsetVersion,
        Integer contextInit,
        Integer mapInfo,
        Integer nrEntries) {

    public static final MessageFields NONE = builder().build();

    public static Builder builder() {
        return new Builder();
    }

    /** Fills fields by name; unset fields stay {@code null}. */
    public static final class Builder {
        private Integer resourceId, scanoutId, format, x, y, z, width, height, depth, level, stride;
        private Integer blobMem, blobFlags, capsetId, capsetVersion, contextInit, mapInfo, nrEntries;
        private Long offset, addr, size, blobId;

        public Builder resourceId(int v) { resourceId = v; return this; }
        public Builder scanoutId(int v) { scanoutId = v; return this; }
        public Builder format(int v) { format = v; return this; }
        public Builder rect(int x, int y, int w, int h) { this.x = x; this.y = y; width = w; height = h; return this; }
        public Builder box(int x, int y, int z, int w, int h, int d) { rect(x, y, w, h); this.z = z; depth = d; return this; }
        public Builder position(int x, int y) { this.x = x; this.y = y; return this; }
        public Builder width(int v) { width = v; return this; }
        public Builder height(int v) { height = v; return this; }
        public Builder depth(int v) { depth = v; return this; }
        public Builder offset(long v) { offset = v; return this; }
        public Builder addr(long v) { addr = v; return this; }
        public Builder size(long v) { size = v; return this; }
        public Builder level(int v) { level = v; return this; }
        public Builder stride(int v) { stride = v; return this; }
        public Builder blobMem(int v) { blobMem = v; return this; }
        public Builder blobFlags(int v) { blobFlags = v; return this; }
        public Builder blobId(long v) { blobId = v; return this; }
        public Builder capsetId(int v) { capsetId = v; return this; }
        public Builder capsetVersion(int v) { capsetVersion = v; return this; }
        public Builder contextInit(int v) { contextInit = v; return this; }
        public Builder mapInfo(int v) { mapInfo = v; return this; }
        public Builder nrEntries(int v) { nrEntries = v; return this; }

        public MessageFields build() {
            return new MessageFields(resourceId, scanoutId, format, x, y, z, width, height, depth, offset, addr,
                    size, level, stride, blobMem, blobFlags, blobId, capsetId, capsetVersion, contextInit, mapInfo,
                    nrEntries);
        }
    }
}
