package vgtrace.core.trace;

import java.util.HashSet;
import java.util.List;
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

    /** A MEMORY row for guest bytes the device read for command {@code commandSeq} from {@code ranges}, deduplicated. */
    public TraceEvent memoryRow(long seq, long tsNs, long commandSeq, int resourceId, List<GuestRange> ranges,
                                byte[] bytes) {
        long hash = ContentHash.of(bytes);
        return TraceEvent.memory(seq, tsNs, commandSeq, resourceId, ranges, bytes, hash, storeBytes(hash));
    }

    /** A MEMORY row for guest bytes read from one range at {@code addr}, deduplicated. */
    public TraceEvent memoryRow(long seq, long tsNs, long commandSeq, int resourceId, long addr, byte[] bytes) {
        return memoryRow(seq, tsNs, commandSeq, resourceId, List.of(new GuestRange(addr, bytes.length)), bytes);
    }
}
