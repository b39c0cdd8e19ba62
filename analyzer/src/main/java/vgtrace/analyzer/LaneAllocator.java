package vgtrace.analyzer;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits one track's overlapping spans into lanes in which spans never overlap, so each lane can be
 * a Chrome-trace thread (its "X" slices must nest). Spans must arrive by start time.
 */
final class LaneAllocator {

    private final List<Long> laneEnds = new ArrayList<>();

    /** The lowest lane free at {@code start}; the span occupies it until {@code end}. */
    int place(long start, long end) {
        for (int i = 0; i < laneEnds.size(); i++) {
            if (laneEnds.get(i) <= start) {
                laneEnds.set(i, end);
                return i;
            }
        }
        laneEnds.add(end);
        return laneEnds.size() - 1;
    }

    /** Lanes used so far. */
    int lanes() {
        return laneEnds.size();
    }
}
