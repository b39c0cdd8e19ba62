package vgtrace.capture.proxy;

import vgtrace.core.vhost.VhostMessage.VringAddr;
import vgtrace.core.virtq.*;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Reads one virtqueue (0 control, 1 cursor), never writing to it: new available chains become COMMAND
 * rows, new used elements become RESPONSE rows paired with the chain recorded earlier. Relayed through
 * shadow rings ({@link ShadowQueue}), it is told each head and each used element as the relay passes
 * them on. Snooped directly (when there are no shadow rings), {@link #snoop()} reads the rings the
 * back-end also uses, on every kick and every call: with notification suppression
 * (EVENT_IDX, NO_NOTIFY) a back-end takes chains the guest did not kick for, so a call may be the
 * first sign of a command; the avail ring is always read before the used ring, so a command is
 * recorded before its response. A head the guest reuses is queued per head (FIFO), so a
 * completion pairs with the oldest chain of that head. The ring is opened when the front-end starts
 * it (SET_VRING_KICK) from the size, addresses and base it set, and reopened whenever guest memory is
 * remapped. Anything wrong in the ring becomes a fault row; nothing here throws at the caller.
 */
final class QueueSnooper implements ShadowQueue.Observer {

    private record Pending(long seq, DescriptorChain chain) {
    }

    private final int queue;
    private final GuestMemoryMap memory;
    private final TrafficRecorder traffic;
    private final ChainWalker walker = new ChainWalker();
    private final Map<Integer, ArrayDeque<Pending>> pending = new HashMap<>();
    private int size;
    private VringAddr addr;
    private int base;
    private boolean started;
    private SplitRing ring;
    private int ringVersion;
    private RingWatcher<Integer> avail;
    private RingWatcher<UsedElement> used;
    private boolean ringProblemReported;

    QueueSnooper(int queue, GuestMemoryMap memory, TrafficRecorder traffic) {
        this.queue = queue;
        this.memory = memory;
        this.traffic = traffic;
    }

    void setSize(int num) {
        size = num;
        forgetRing();
    }

    void setAddr(VringAddr a) {
        addr = a;
        forgetRing();
    }

    void setBase(int num) {
        base = num & 0xffff;
        avail = null;
    }

    /** The front-end started the ring (SET_VRING_KICK): watch it from its base. */
    void start() {
        started = true;
        forgetRing();
        avail = null;
        used = null;
        pending.clear();
        ringProblemReported = false;
        ring();
    }

    /** The ring stopped (GET_VRING_BASE answered, its last responses taken): stop watching. */
    void stop() {
        started = false;
        forgetRing();
        avail = null;
        used = null;
        int unanswered = pending.values().stream().mapToInt(ArrayDeque::size).sum();
        if (unanswered > 0) traffic.note("queue %d stopped with %d commands unanswered".formatted(queue, unanswered));
        pending.clear();
    }

    private void forgetRing() {
        ring = null;
    }

    /** Relayed: the chain at {@code head}, about to be passed to the back-end, as a command. */
    @Override
    public void command(int head) {
        SplitRing r = ring();
        if (r != null) command(r, head);
    }

    /** Relayed: a used element, about to be passed to the guest, as the response to its chain. */
    @Override
    public void response(UsedElement element) {
        SplitRing r = ring();
        if (r != null) response(r, element);
    }

    @Override
    public void fault(String detail) {
        traffic.fault(detail);
    }

    /** Snooped directly: new commands, then new responses. */
    void snoop() {
        snoopAvail();
        traffic.readPendingMemory(); // the guest sees responses directly: copy before the back-end can answer
        snoopUsed();
    }

    private void snoopAvail() {
        SplitRing r = ring();
        if (r == null) return;
        switch (avail.poll()) {
            case RingAdvance.Added<Integer> added -> added.entries().forEach(head -> command(r, head));
            case RingAdvance.Fault<Integer> f -> {
                traffic.fault("queue %d avail ring: %s".formatted(queue, f.detail()));
                avail.resync(r.availIdx());
            }
        }
    }

    private void command(SplitRing r, int head) {
        switch (walker.walk(r, head)) {
            case WalkResult.Chain c -> {
                byte[] bytes;
                try {
                    bytes = c.chain().gatherReadable(r.memory(), (int) Math.min(Integer.MAX_VALUE - 8, walker.limits().maxTotalBytes()));
                } catch (GuestMemoryException e) {
                    traffic.fault("queue %d chain %d: %s".formatted(queue, head, e.getMessage()));
                    return;
                }
                long seq = traffic.command(queue, bytes);
                pending.computeIfAbsent(c.head(), h -> new ArrayDeque<>()).addLast(new Pending(seq, c.chain()));
            }
            case WalkResult.Fault f -> traffic.fault("queue %d %s".formatted(queue, f));
        }
    }

    private void snoopUsed() {
        SplitRing r = ring();
        if (r == null) return;
        switch (used.poll()) {
            case RingAdvance.Added<UsedElement> added -> added.entries().forEach(e -> response(r, e));
            case RingAdvance.Fault<UsedElement> f -> {
                traffic.fault("queue %d used ring: %s".formatted(queue, f.detail()));
                used.resync(r.usedIdx());
            }
        }
    }

    private void response(SplitRing r, UsedElement e) {
        ArrayDeque<Pending> waiting = pending.get(e.id());
        Pending p = waiting == null ? null : waiting.pollFirst();
        if (waiting != null && waiting.isEmpty()) pending.remove(e.id());
        if (p == null) {
            traffic.fault("queue %d: used element names chain %d, which has no recorded command"
                    .formatted(queue, Integer.toUnsignedLong(e.id())));
            return;
        }
        if (e.length() == 0 && p.chain().writable().isEmpty()) return; // cursor commands complete without a response
        try {
            traffic.response(queue, p.seq(), gatherWritable(p.chain(), r.memory(), e.length()));
        } catch (GuestMemoryException ex) {
            traffic.fault("queue %d response to seq %d: %s".formatted(queue, p.seq(), ex.getMessage()));
        }
    }

    /** The first {@code min(written, writable bytes)} bytes of the chain's writable buffers. */
    private static byte[] gatherWritable(DescriptorChain chain, GuestMemory memory, long written)
            throws GuestMemoryException {
        byte[] out = new byte[(int) Math.min(Math.min(written, chain.writableBytes()), Integer.MAX_VALUE - 8)];
        int filled = 0;
        for (DescriptorChain.Buffer b : chain.writable()) {
            if (filled == out.length) break;
            int n = (int) Math.min(b.length(), out.length - filled);
            MemorySegment.copy(memory.slice(b.addr(), n), ValueLayout.JAVA_BYTE, 0, out, filled, n);
            filled += n;
        }
        return out;
    }

    /** The ring over the current memory, opened or reopened as needed; null when it cannot be. */
    private SplitRing ring() {
        if (!started || size == 0 || addr == null) return null;
        if (ring != null && ringVersion == memory.version()) return ring;
        OptionalLong desc = memory.toGuestPhys(addr.descUser());
        OptionalLong av = memory.toGuestPhys(addr.availUser());
        OptionalLong us = memory.toGuestPhys(addr.usedUser());
        if (desc.isEmpty() || av.isEmpty() || us.isEmpty()) {
            return ringProblem("ring addresses 0x%x/0x%x/0x%x are not in the memory table"
                    .formatted(addr.descUser(), addr.availUser(), addr.usedUser()));
        }
        try {
            ring = SplitRing.open(memory.memory(), size, desc.getAsLong(), av.getAsLong(), us.getAsLong());
        } catch (RingLayoutException e) {
            return ringProblem(e.getMessage());
        }
        ringVersion = memory.version();
        avail = RingWatcher.avail(ring, avail != null ? avail.lastSeen() : base);
        used = RingWatcher.used(ring, used != null ? used.lastSeen() : ring.usedIdx());
        return ring;
    }

    /** Reports once per ring start why the ring cannot be read; snooping of it pauses, forwarding does not. */
    private SplitRing ringProblem(String why) {
        if (!ringProblemReported) traffic.fault("queue %d cannot be snooped: %s".formatted(queue, why));
        ringProblemReported = true;
        return null;
    }
}
