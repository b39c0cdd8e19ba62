package vgtrace.replay;

/**
 * Bytes a MEMORY row of the trace puts in place before its command runs: guest RAM at a guest
 * physical address ({@link GuestWrite}), or a mapped blob's host memory at an offset in the blob
 * ({@link BlobWrite}).
 */
public sealed interface MemoryWrite permits GuestWrite, BlobWrite {

    /** The resource the row names. */
    int resourceId();

    /** The guest physical address, or the offset in the blob. */
    long addr();

    byte[] bytes();
}
