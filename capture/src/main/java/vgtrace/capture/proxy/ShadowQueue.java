package vgtrace.capture.proxy;

import vgtrace.core.vhost.VhostMessage.VringAddr;
import vgtrace.core.virtq.GuestMemory;
import vgtrace.core.virtq.GuestMemoryException;
import vgtrace.core.virtq.RingLayoutException;
import vgtrace.core.virtq.SplitRing;
import vgtrace.core.virtq.UsedElement;

import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;

/**
 * One snooped queue relayed through shadow rings, so that the guest cannot see a response before it
 * is recorded. The back-end gets the guest's descriptor table but the shadow avail and used rings
 * ({@link ShadowRegion}); the proxy is the device to the guest and the driver to the back-end:
 * <ul>
 * <li>{@link #kick}: the guest's new avail entries are recorded as commands, copied into the shadow
 *     avail ring, and published; the caller then kicks the back-end.</li>
 * <li>{@link #call}: the back-end's new shadow used elements are recorded as responses, copied into
 *     the guest's used ring, and published; the result says whether to interrupt the guest, by the
 *     guest's own suppression (VRING_AVAIL_F_NO_INTERRUPT, or its used_event with EVENT_IDX).</li>
 * </ul>
 * Indices are mirrored: a shadow ring's idx always equals the guest ring's once a batch is published.
 *
 * <p>Why nothing can be left in a shadow where neither side looks (no deadlock). The proxy never
 * suppresses a notification to itself: the shadow avail flags stay 0 and the guest-visible used flags
 * stay 0, and with EVENT_IDX, after each batch it sets the shadow used_event to the last used idx it
 * consumed (the guest-visible avail_event to the last avail idx it read), then issues a full fence and
 * re-reads the other side's idx, taking any batch that arrived meanwhile. This is the driver's
 * enable-callbacks protocol: the other side publishes its idx, fences, then reads the event field, so
 * either the proxy's re-read sees the new entries or the other side sees an event field at or below
 * its old idx and notifies (vring_need_event is then true). So every shadow used element is moved on
 * the call that follows it, and every guest avail entry is copied on the kick that follows it. Towards
 * the other sides the proxy always kicks the back-end when the guest kicked (a spurious kick is
 * harmless), and interrupts the guest as a device would: a guest that suppressed interrupts finds the
 * elements already in its used ring when it re-enables them and re-checks, as its protocol requires.
 *
 * <p>Guest-side writes go through {@link GuestMemoryMap#writable()}; everything the guest wrote is
 * still untrusted (indices are reduced modulo the queue size by {@link SplitRing}; an idx that jumps
 * by more than the queue size is passed on as it is, for the other side to refuse, and reported).
 * Only the event loop thread uses it.
 */
final class ShadowQueue {

    /** Who records what passes: the queue's snooper (its methods report their own faults). */
    interface Observer {
        void command(int head);

        void response(UsedElement element);

        void fault(String detail);
    }

    private final int queue;
    private final ShadowRegion region;
    private final GuestMemoryMap memory;
    private final Observer observer;
    private int size;
    private int base;
    private VringAddr guestAddr;
    private boolean eventIdx;
    private boolean running;
    private SplitRing guest, shadow;
    private int ringVersion;
    private int lastAvail, lastUsed, signalledUsed;
    private boolean signalledValid;
    private boolean lostReported;
    /** Heads the last kick published, recorded by {@link #recordKicked} once the back-end has them. */
    private int[] kicked = new int[256];
    private int kickedCount;

    ShadowQueue(int queue, ShadowRegion region, GuestMemoryMap memory, Observer observer) {
        this.queue = queue;
        this.region = region;
        this.memory = memory;
        this.observer = observer;
    }

    void setSize(int num) {
        size = num;
        guest = shadow = null;
    }

    /** SET_VRING_BASE: taken at the next start (the ring's addresses may still be the old ring's). */
    void setBase(int num) {
        base = num & 0xffff;
    }

    void setEventIdx(boolean negotiated) {
        eventIdx = negotiated;
    }

    /**
     * SET_VRING_ADDR: the guest's ring addresses are kept, and the address the back-end is to get is
     * returned, pointing at the shadow rings; {@code null} when the guest's rings cannot be relayed (the
     * caller then forwards the guest's addresses and snoops directly).
     */
    VringAddr redirect(VringAddr a) {
        guestAddr = a;
        guest = shadow = null;
        if (!open()) return null;
        if (!running) resetIndices();
        return new VringAddr(a.header(), a.index(), a.flags(), a.descUser(),
                ShadowRegion.userAddr(region.usedGpa(queue)), ShadowRegion.userAddr(region.availGpa(queue)), a.log());
    }

    /** The front-end started the ring (SET_VRING_KICK): indices from its base and the guest's used idx. */
    void start() {
        if (!running && open()) resetIndices();
        running = true;
    }

    /**
     * Relays the guest's new avail entries; {@link #recordKicked} records them after the back-end is
     * signalled (the guest cannot reuse a chain before the proxy relays its response, so recording
     * need not delay the back-end). @return whether any were published to the back-end
     */
    boolean kick() {
        if (!relaying()) return false;
        int before = lastAvail;
        do {
            int published = guest.availIdx();
            int count = (published - lastAvail) & 0xffff;
            if (count > size) {
                observer.fault("queue %d: the guest moved its avail idx from %d to %d, more than the queue size %d; passed on"
                        .formatted(queue, lastAvail, published, size));
                for (int i = 0; i < size; i++) shadow.writeAvailEntry(i, guest.availEntry(i));
            } else {
                for (int i = 0; i < count; i++) {
                    int at = (lastAvail + i) & 0xffff, head = guest.availEntry(at);
                    if (kickedCount == kicked.length) kicked = Arrays.copyOf(kicked, kickedCount * 2);
                    kicked[kickedCount++] = head;
                    shadow.writeAvailEntry(at, head);
                }
            }
            shadow.publishAvailIdx(published);
            lastAvail = published;
            if (!eventIdx) break;
            guest.setAvailEvent(lastAvail);
            VarHandle.fullFence();
        } while (guest.availIdx() != lastAvail);
        return lastAvail != before;
    }

    /** Records the commands the last {@link #kick} published, in ring order. */
    void recordKicked() {
        int n = kickedCount;
        kickedCount = 0;
        for (int i = 0; i < n; i++) observer.command(kicked[i]);
    }

    /** Relays the back-end's new used elements. @return whether to interrupt the guest */
    boolean call() {
        if (!relaying()) return false;
        int before = lastUsed;
        do {
            int published = shadow.usedIdx();
            int count = (published - lastUsed) & 0xffff;
            if (count > size) {
                observer.fault("queue %d: the back-end moved its used idx from %d to %d, more than the queue size %d; passed on"
                        .formatted(queue, lastUsed, published, size));
                for (int i = 0; i < size; i++) guest.writeUsedEntry(i, shadow.usedEntry(i));
            } else {
                for (int i = 0; i < count; i++) {
                    int at = (lastUsed + i) & 0xffff;
                    UsedElement e = shadow.usedEntry(at);
                    observer.response(e); // before the guest can see it: the point of the shadow
                    guest.writeUsedEntry(at, e);
                }
            }
            guest.publishUsedIdx(published);
            lastUsed = published;
            if (!eventIdx) break;
            shadow.setUsedEvent(lastUsed);
            VarHandle.fullFence();
        } while (shadow.usedIdx() != lastUsed);
        if (lastUsed == before) return false;
        VarHandle.fullFence(); // the guest's used idx is visible before its suppression fields are read
        return guestWantsInterrupt();
    }

    /**
     * The ring stopped (GET_VRING_BASE answered): what the back-end completed moves to the guest first,
     * since the front-end reads the guest's used idx next. @return whether to interrupt the guest
     */
    boolean stop() {
        boolean interrupt = call();
        running = false;
        return interrupt;
    }

    /** Running and its rings open; a ring lost while running (memory table changed under it) is reported once. */
    private boolean relaying() {
        if (!running) return false;
        if (open()) return true;
        if (!lostReported) observer.fault("queue %d: its rings are no longer in guest memory; relaying stopped".formatted(queue));
        lostReported = true;
        return false;
    }

    private boolean guestWantsInterrupt() {
        if (!eventIdx) return (guest.availFlags() & SplitRing.AVAIL_F_NO_INTERRUPT) == 0;
        boolean need = !signalledValid || SplitRing.needEvent(guest.usedEvent(), lastUsed, signalledUsed);
        signalledUsed = lastUsed;
        signalledValid = true;
        return need;
    }

    /** Both rings start where the guest's are: avail from the base, used from the guest's used idx. */
    private void resetIndices() {
        int used = guest.usedIdx();
        shadow.setAvailFlags(0);
        shadow.setUsedEvent(used);
        shadow.publishAvailIdx(base);
        shadow.setUsedFlags(0);
        shadow.setAvailEvent(base);
        shadow.publishUsedIdx(used);
        guest.setUsedFlags(0);
        guest.setAvailEvent(base);
        lastAvail = base;
        lastUsed = used;
        signalledValid = false;
        lostReported = false;
    }

    /** The two rings over the current memory, opened or reopened as needed; false when they cannot be. */
    private boolean open() {
        if (guest != null && ringVersion == memory.version()) return true;
        guest = shadow = null;
        if (size == 0 || guestAddr == null) return false;
        OptionalLong desc = memory.toGuestPhys(guestAddr.descUser());
        OptionalLong avail = memory.toGuestPhys(guestAddr.availUser());
        OptionalLong used = memory.toGuestPhys(guestAddr.usedUser());
        if (desc.isEmpty() || avail.isEmpty() || used.isEmpty()) return false;
        GuestMemory writable = memory.writable();
        try {
            if (writable.slice(used.getAsLong(), 4 + 8L * size + 2).isReadOnly()) return false;
            List<GuestMemory.Region> withShadow = new ArrayList<>(writable.regions());
            withShadow.add(region.memory());
            SplitRing g = SplitRing.open(writable, size, desc.getAsLong(), avail.getAsLong(), used.getAsLong());
            shadow = SplitRing.open(GuestMemory.of(withShadow), size, desc.getAsLong(), region.availGpa(queue), region.usedGpa(queue));
            guest = g;
        } catch (RingLayoutException | GuestMemoryException | IllegalArgumentException e) {
            return false;
        }
        ringVersion = memory.version();
        return true;
    }
}
