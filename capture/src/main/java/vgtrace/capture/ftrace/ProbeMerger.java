package vgtrace.capture.ftrace;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Merges a stock tracepoint line and vgtrace's header probe line for the same message into one
 * event. Both fire inside the same tracepoint call, so they sit within a few lines of each other;
 * an event waits at most {@link #WINDOW} further events for its partner, then goes on alone.
 * Events leave in the order they arrived, so rows stay in log order.
 */
final class ProbeMerger {

    static final int WINDOW = 64;

    private final ArrayDeque<Slot> pending = new ArrayDeque<>();
    private final Map<Object, Slot> unmatched = new HashMap<>();
    private final Consumer<GuestEvent> downstream;
    private long merged;

    ProbeMerger(Consumer<GuestEvent> downstream) {
        this.downstream = downstream;
    }

    private static final class Slot {
        GuestEvent event;
        boolean complete;

        Slot(GuestEvent event) {
            this.event = event;
        }
    }

    void accept(GuestEvent e) {
        Object key = e.mergeKey();
        Slot partner = unmatched.get(key);
        if (partner != null && partner.event.probe() != e.probe()) {
            unmatched.remove(key);
            partner.event = partner.event.mergedWith(e);
            partner.complete = true;
            merged++;
        } else {
            Slot slot = new Slot(e);
            pending.addLast(slot);
            unmatched.put(key, slot);
        }
        drain(false);
    }

    /** Emits everything still waiting (end of input). */
    void finish() {
        drain(true);
    }

    long mergedCount() {
        return merged;
    }

    private void drain(boolean all) {
        while (!pending.isEmpty() && (all || pending.peekFirst().complete || pending.size() > WINDOW)) {
            Slot head = pending.pollFirst();
            if (!head.complete) unmatched.remove(head.event.mergeKey(), head);
            downstream.accept(head.event);
        }
    }
}
