package vgtrace.replay;

import java.util.Objects;

/**
 * Bytes of a mapped blob's host memory as the guest left them (a blob MEMORY row of blob memory
 * kind {@code blobMem}): they go into the replayed blob's own mapping at {@code addr} bytes from its
 * start, never into guest RAM.
 */
public record BlobWrite(int resourceId, int blobMem, long addr, byte[] bytes) implements MemoryWrite {

    public BlobWrite {
        Objects.requireNonNull(bytes, "bytes");
    }
}
