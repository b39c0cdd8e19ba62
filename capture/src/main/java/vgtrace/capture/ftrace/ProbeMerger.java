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
    /** Lines still waiting for their partner, oldest first, under each of their merge keys. */
    private final Map<Object, ArrayDeque<Slot>> unmatched = new HashMap<>();
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
        Slot partner = partnerOf(e);
        if (partner != null) {
            forget(partner);
            partner.event = partner.event.mergedWith(e);
            partner.complete = true;
            merged++;
        } else {
            Slot slot = new Slot(e);
            pending.addLast(slot);
            for (Object key : e.mergeKeys()) unmatched.computeIfAbsent(key, k -> new ArrayDeque<>()).addLast(slot);
        }
        drain(false);
    }

    /** A waiting line of the other kind (stock vs probe) for the same message, by seqno first. */
    private Slot partnerOf(GuestEvent e) {
        for (Object key : e.mergeKeys()) {
            ArrayDeque<Slot> waiting = unmatched.get(key);
            if (waiting == null) continue;
            for (Slot s : waiting) {
                if (s.event.probe() != e.probe()) return s;
            }
        }
        return null;
    }

    private void forget(Slot slot) {
        for (Object key : slot.event.mergeKeys()) {
            ArrayDeque<Slot> waiting = unmatched.get(key);
            if (waiting != null && waiting.remove(slot) && waiting.isEmpty()) unmatched.remove(key);
        }
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
            if (!head.complete) forget(head);
            downstream.accept(head.event);
        }
    }
}
