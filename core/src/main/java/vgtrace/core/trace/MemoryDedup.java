package vgtrace.core.trace;

import java.util.HashSet;
import java.util.Set;

/**
 * Writer side of MEMORY content deduplication: the first row with a given content hash stores the
 * bytes, later rows with the same hash store only the hash ({@code payload} null). Holds one hash per
 * distinct content of the capture.
 */
public final class MemoryDedup {

    private final Set<Long> stored = new HashSet<>();

    /** True the first time {@code contentHash} is seen: that row must store its bytes. */
    public boolean storeBytes(long contentHash) {
        return stored.add(contentHash);
    }

    /** A MEMORY row for guest bytes the device read for command {@code commandSeq}, deduplicated. */
    public TraceEvent memoryRow(long seq, long tsNs, long commandSeq, int resourceId, long addr, byte[] bytes) {
        long hash = ContentHash.of(bytes);
        return TraceEvent.memory(seq, tsNs, commandSeq, resourceId, addr, bytes, hash, storeBytes(hash));
    }
}
