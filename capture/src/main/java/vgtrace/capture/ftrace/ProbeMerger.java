package vgtrace.capture.ftrace;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.function.Consumer;

/**
 * Merges a stock tracepoint line and vgtrace's header probe line for the same message into one
 * event. Both fire inside the same tracepoint call (or, for the kprobe form, right before it), so
 * they sit within a few lines of each other; an event waits at most {@link #WINDOW} further events
 * for its partner, then goes on alone. Events leave in the order they arrived, so rows stay in log
 * order. The window is small, so a partner is found by scanning it, newest first.
 */
final class ProbeMerger {

    static final int WINDOW = 64;

    private final ArrayDeque<Slot> pending = new ArrayDeque<>();
    private final Consumer<GuestEvent> downstream;
    /** Unmatched probe and stock lines in the window: with none of the other kind, nothing to scan. */
    private int waitingProbes;
    private int waitingStock;
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
        Slot partner = (e.probe() ? waitingStock : waitingProbes) > 0 ? partnerOf(e) : null;
        if (partner != null) {
            count(partner.event, -1);
            partner.event = partner.event.mergedWith(e);
            partner.complete = true;
            merged++;
        } else {
            pending.addLast(new Slot(e));
            count(e, +1);
        }
        drain(false);
    }

    /** The oldest unmatched line of the other kind (stock vs probe) that describes the same message. */
    private Slot partnerOf(GuestEvent e) {
        Slot found = null;
        for (Iterator<Slot> it = pending.descendingIterator(); it.hasNext(); ) {
            Slot s = it.next();
            if (!s.complete && s.event.probe() != e.probe() && s.event.sameMessage(e)) found = s;
        }
        return found;
    }

    /** Emits everything still waiting (end of input). */
    void finish() {
        drain(true);
    }

    long mergedCount() {
        return merged;
    }

    private void count(GuestEvent e, int delta) {
        if (e.probe()) waitingProbes += delta;
        else waitingStock += delta;
    }

    private void drain(boolean all) {
        while (!pending.isEmpty() && (all || pending.peekFirst().complete || pending.size() > WINDOW)) {
            Slot head = pending.pollFirst();
            if (!head.complete) count(head.event, -1);
            downstream.accept(head.event);
        }
    }
}
