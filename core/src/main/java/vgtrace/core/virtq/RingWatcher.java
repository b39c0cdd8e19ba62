package vgtrace.core.virtq;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import java.util.function.IntSupplier;

/**
 * Follows one side of a split ring: remembers the last idx seen and yields what was published since.
 * Handles the u16 wrap of idx; an advance of more than the queue size is reported as a
 * {@link RingAdvance.Fault}, so a poll does at most queue-size work. Not thread-safe.
 *
 * @param <T> avail heads ({@link Integer}, untrusted) or {@link UsedElement}s
 */
public final class RingWatcher<T> {

    private final int queueSize;
    private final IntSupplier publishedIdx;
    private final IntFunction<T> entryAt;
    private int lastSeen;

    private RingWatcher(int queueSize, IntSupplier publishedIdx, IntFunction<T> entryAt, int startIdx) {
        if ((startIdx & ~0xffff) != 0) throw new IllegalArgumentException("idx is a u16: " + startIdx);
        this.queueSize = queueSize;
        this.publishedIdx = publishedIdx;
        this.entryAt = entryAt;
        this.lastSeen = startIdx;
    }

    /** Watches the available ring from {@code startIdx} (e.g. the vring base a front-end set). */
    public static RingWatcher<Integer> avail(SplitRing ring, int startIdx) {
        return new RingWatcher<>(ring.size(), ring::availIdx, ring::availEntry, startIdx);
    }

    /** Watches the used ring from {@code startIdx}. */
    public static RingWatcher<UsedElement> used(SplitRing ring, int startIdx) {
        return new RingWatcher<>(ring.size(), ring::usedIdx, ring::usedEntry, startIdx);
    }

    public int lastSeen() {
        return lastSeen;
    }

    /** Moves to {@code idx} without yielding anything (after a ring reset or a reported fault). */
    public void resync(int idx) {
        if ((idx & ~0xffff) != 0) throw new IllegalArgumentException("idx is a u16: " + idx);
        lastSeen = idx;
    }

    public RingAdvance<T> poll() {
        int published = publishedIdx.getAsInt();
        int count = (published - lastSeen) & 0xffff;
        if (count > queueSize) return new RingAdvance.Fault<>(lastSeen, published, queueSize);
        List<T> entries = new ArrayList<>(count);
        for (int i = 0; i < count; i++) entries.add(entryAt.apply((lastSeen + i) & 0xffff));
        lastSeen = published;
        return new RingAdvance.Added<>(entries);
    }
}
