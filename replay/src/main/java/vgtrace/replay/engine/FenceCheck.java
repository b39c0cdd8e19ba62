package vgtrace.replay.engine;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Checks the device's fence signals against the trace's FENCE rows, timeline by timeline. A signal
 * must be one the capture made, or one the capture merged into a later signal of the same timeline
 * (virglrenderer merges fences that retire together, and which do varies run to run); signals the
 * capture made must come in its order. So a fence the capture never signalled, with nothing that
 * late signalled on its timeline, stays unsignalled.
 */
final class FenceCheck {

    /** What differs, in the words of a divergence report. */
    record Problem(String expected, String actual) {}

    private final Map<FenceKey, List<Long>> captured;
    private final Map<FenceKey, Integer> reached = new HashMap<>();
    private int checked;

    /** @param captured the signalled fence ids per timeline ({@link FenceKey#timelineKey()}), in capture order */
    FenceCheck(Map<FenceKey, List<Long>> captured) {
        this.captured = Map.copyOf(captured);
    }

    Optional<Problem> accept(FenceKey signal) {
        checked++;
        List<Long> ids = captured.getOrDefault(signal.timelineKey(), List.of());
        int last = reached.getOrDefault(signal.timelineKey(), -1);
        int at = indexOf(ids, signal.fenceId(), last + 1);
        if (at >= 0) {
            reached.put(signal.timelineKey(), at);
            return Optional.empty();
        }
        int earlier = indexOf(ids, signal.fenceId(), 0);
        if (earlier >= 0) {
            String expected = earlier == last ? signal.describe() + " signalled once"
                    : signal.describe() + " signalled before fence " + Long.toUnsignedString(ids.get(last));
            return Optional.of(new Problem(expected, signal.describe() + " signalled " + (earlier == last ? "again" : "after it")));
        }
        boolean merged = ids.stream().skip(last + 1).anyMatch(id -> Long.compareUnsigned(id, signal.fenceId()) > 0);
        if (merged) return Optional.empty();
        return Optional.of(new Problem(signal.describe() + " never signalled", signal.describe() + " signalled"));
    }

    /** Signals seen so far. */
    int checked() {
        return checked;
    }

    private static int indexOf(List<Long> ids, long id, int from) {
        for (int i = from; i < ids.size(); i++) if (ids.get(i) == id) return i;
        return -1;
    }
}
