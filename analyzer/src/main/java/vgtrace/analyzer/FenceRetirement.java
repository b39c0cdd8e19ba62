package vgtrace.analyzer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * When each fenced command was retired, by the spec's rule (docs/sql.md, fences): on a timeline
 * (context and ring with INFO_RING_IDX, else the device-wide one) a fence's signal completes every
 * fence of that timeline with a lower or equal fence_id, so a fence is retired by the earliest signal
 * of itself or any later fence (ordered by fence_id, then seq). Computed here, in one pass over each
 * timeline, because the two window functions that did it in SQL sorted every fence twice and were the
 * slowest step of a first open.
 *
 * <p>Fences are added in trace order with their timeline, fence id and own signal time; then
 * {@link #compute} fills, per fence: {@code retired_ts} and {@code retired_by_seq} (on equal signal
 * times, the fence nearest in (fence_id, seq) order), the latest signal of an earlier fence (for the
 * in-order check), and how many other fences its signal retired.
 */
final class FenceRetirement {

    /** A value that is absent (no signal, no earlier fence). */
    static final long NONE = Long.MIN_VALUE;

    private long[] seq = new long[1 << 12];
    private long[] timeline = new long[1 << 12];
    private long[] fenceId = new long[1 << 12];
    private long[] signalTs = new long[1 << 12];
    private int size;
    private long[] retiredTs;
    private long[] retiredBySeq;
    private long[] earlierMaxSignalTs;
    private int[] retiredCount;

    /**
     * The timeline a fence is on, as one number: its context (or none: the global timeline) and ring
     * (or none: not sent or not seen).
     */
    static long timeline(boolean ringInfo, int ctxId, boolean ringKnown, int ring) {
        long ctx = ringInfo ? Integer.toUnsignedLong(ctxId) : 1L << 32;
        long r = ringKnown ? ring & 0xffff : 1L << 16;
        return ctx << 17 | r;
    }

    /** Adds a fence; {@code signal} is its own response's time or {@link #NONE}. */
    void add(long seqOf, long timelineOf, long fenceIdOf, long signal) {
        if (size == seq.length) {
            int n = size * 2;
            seq = Arrays.copyOf(seq, n);
            timeline = Arrays.copyOf(timeline, n);
            fenceId = Arrays.copyOf(fenceId, n);
            signalTs = Arrays.copyOf(signalTs, n);
        }
        seq[size] = seqOf;
        timeline[size] = timelineOf;
        fenceId[size] = fenceIdOf;
        signalTs[size] = signal;
        size++;
    }

    /** Fills the results; call once, after the last {@link #add}. */
    void compute() {
        retiredTs = new long[size];
        retiredBySeq = new long[size];
        earlierMaxSignalTs = new long[size];
        retiredCount = new int[size];
        for (int[] fences : timelines()) {
            long max = NONE;
            for (int f : fences) {
                earlierMaxSignalTs[f] = max;
                if (signalTs[f] != NONE && (max == NONE || signalTs[f] > max)) max = signalTs[f];
            }
            long min = NONE;
            long minSeq = NONE;
            int minIndex = -1;
            for (int k = fences.length - 1; k >= 0; k--) {
                int f = fences[k];
                // <= : on equal times the fence nearer in order (lower fence_id, seq) retires
                if (signalTs[f] != NONE && (min == NONE || signalTs[f] <= min)) {
                    min = signalTs[f];
                    minSeq = seq[f];
                    minIndex = f;
                }
                retiredTs[f] = min;
                retiredBySeq[f] = minSeq;
                if (minIndex >= 0 && minIndex != f) retiredCount[minIndex]++;
            }
        }
    }

    /** Each timeline's fences (indexes) in (fence_id, seq) order. */
    private List<int[]> timelines() {
        Map<Long, IntList> lists = new HashMap<>();
        for (int i = 0; i < size; i++) lists.computeIfAbsent(timeline[i], t -> new IntList()).add(i);
        List<int[]> out = new ArrayList<>(lists.size());
        for (IntList l : lists.values()) {
            int[] fences = l.toArray();
            if (!inOrder(fences)) {
                // Added in seq order, so only fence ids out of order need a sort (a guest that reuses
                // or lowers ids); boxed, as it is rare.
                Integer[] boxed = Arrays.stream(fences).boxed().toArray(Integer[]::new);
                Arrays.sort(boxed, Comparator.<Integer>comparingLong(f -> fenceId[f]).thenComparingLong(f -> seq[f]));
                fences = Arrays.stream(boxed).mapToInt(Integer::intValue).toArray();
            }
            out.add(fences);
        }
        return out;
    }

    private boolean inOrder(int[] fences) {
        for (int k = 1; k < fences.length; k++) {
            if (fenceId[fences[k]] < fenceId[fences[k - 1]]) return false;
        }
        return true;
    }

    int size() {
        return size;
    }

    long seq(int f) {
        return seq[f];
    }

    /** Earliest signal of this or a later fence on the timeline, or {@link #NONE}. */
    long retiredTs(int f) {
        return retiredTs[f];
    }

    /** The fence whose signal that was, or {@link #NONE}. */
    long retiredBySeq(int f) {
        return retiredBySeq[f];
    }

    /** Latest signal of a fence before this one on the timeline, or {@link #NONE}. */
    long earlierMaxSignalTs(int f) {
        return earlierMaxSignalTs[f];
    }

    /** Other fences this fence's signal retired. */
    int retiredCount(int f) {
        return retiredCount[f];
    }

    /** A growing array of ints. */
    private static final class IntList {
        private int[] values = new int[16];
        private int size;

        void add(int v) {
            if (size == values.length) values = Arrays.copyOf(values, size * 2);
            values[size++] = v;
        }

        int[] toArray() {
            return Arrays.copyOf(values, size);
        }
    }
}
