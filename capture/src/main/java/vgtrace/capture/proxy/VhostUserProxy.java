package vgtrace.capture.proxy;

import vgtrace.core.vhost.FrameChannel;
import vgtrace.core.vhost.Frame;
import vgtrace.core.os.Epoll;
import vgtrace.core.os.EventFd;
import vgtrace.core.os.Fd;
import vgtrace.core.os.NativeException;
import vgtrace.core.os.UnixSocket;
import vgtrace.core.vhost.MemoryRegion;
import vgtrace.core.vhost.VhostCodec;
import vgtrace.core.vhost.VhostDecodeException;
import vgtrace.core.vhost.VhostMessage;
import vgtrace.core.vhost.VhostRequest;
import vgtrace.core.vhost.VirtioFeature;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The capture proxy: a vhost-user back-end to the VMM and a front-end to the real back-end. One event
 * loop thread forwards every message both ways with its fds, unchanged, except where it interposes:
 * <ul>
 * <li>SET_MEM_TABLE / ADD_MEM_REG / REM_MEM_REG: guest memory is also mapped here; SET_MEM_TABLE
 *     gets one more region for the back-end, the {@link ShadowRegion}, and the back-end's
 *     GET_PROTOCOL_FEATURES reply loses CONFIGURE_MEM_SLOTS (so that the front-end sends whole tables),
 *     HOST_NOTIFIER and INBAND_NOTIFICATIONS (so that every kick and call passes the proxy);</li>
 * <li>SET_VRING_ADDR of queues 0 and 1: the back-end gets the guest's descriptor table but the shadow
 *     avail and used rings ({@link ShadowQueue}), so a response is recorded before the guest can see it;</li>
 * <li>SET_VRING_KICK and SET_VRING_CALL of queues 0 and 1: the back-end gets eventfds of ours; a kick
 *     is recorded and relayed, then passed on; a call is recorded and relayed, then passed on as the
 *     guest's suppression asks; GET_VRING_BASE's reply waits until the shadow used ring is emptied;</li>
 * <li>GPU_SET_SOCKET: the back-end gets our end of a socketpair, relayed to the VMM's socket by a
 *     thread of its own ({@link DisplayRelay});</li>
 * <li>SET_FEATURES / SET_PROTOCOL_FEATURES: recorded as METADATA rows.</li>
 * </ul>
 * Without shadow rings (a full memory table, packed rings), a queue is snooped directly, as the back-end
 * signals ({@link QueueSnooper#snoop}), and a response can be read late. Recording problems never stop
 * forwarding. The loop ends when the VMM leaves, the back-end dies, or
 * {@link #stop()} is called.
 */
public final class VhostUserProxy implements AutoCloseable {

    /** vhost-user messages are small (a memory table is 268 bytes); 1 MiB is far beyond any. */
    static final long MAX_VHOST_PAYLOAD = 1 << 20;
    private static final int SNOOPED_QUEUES = 2;
    private static final int DISPLAY_SEND_BUFFER = 4 << 20;
    /**
     * Protocol features the back-end may not offer through the proxy: CONFIGURE_MEM_SLOTS, so the
     * front-end sends whole tables (each gets the shadow region); HOST_NOTIFIER and INBAND_NOTIFICATIONS,
     * which carry kicks and calls past the eventfds the relay works on (the ring would stall).
     */
    private static final long PROTOCOL_F_MASKED = 1L << 15 | 1L << 11 | 1L << 14;

    @FunctionalInterface
    private interface Handler {
        void ready(Epoll.Ready ready) throws IOException;
    }

    /** The eventfds of one snooped queue: what the VMM gave, and what we gave the back-end instead. */
    private static final class Notifiers {
        EventFd vmmKick, ourKick, ourCall, vmmCall;
    }

    private final UnixSocket listener;
    private final FrameChannel backend;
    private final Epoll epoll;
    private final EventFd wakeup;
    private final GuestMemoryMap memory = new GuestMemoryMap();
    private final CaptureCounters counters = new CaptureCounters();
    private final TrafficRecorder traffic;
    private final QueueSnooper[] snoopers = new QueueSnooper[SNOOPED_QUEUES];
    private final ShadowRegion shadowRegion;
    private final ShadowQueue[] shadows = new ShadowQueue[SNOOPED_QUEUES];
    /** Per queue: relayed through its shadow rings (else snooped directly). */
    private final boolean[] relayed = new boolean[SNOOPED_QUEUES], modeRecorded = new boolean[SNOOPED_QUEUES];
    /** The last memory table sent to the back-end holds the shadow region; packed rings cannot be relayed. */
    private boolean shadowInTable, packedRings;
    private final Notifiers[] notifiers = new Notifiers[SNOOPED_QUEUES];
    private final Map<Integer, Handler> handlers = new HashMap<>();
    private FrameChannel vmm;
    private DisplayRelay display;
    private volatile boolean stopRequested;
    private CaptureResult result;

    private VhostUserProxy(UnixSocket listener, UnixSocket backend, Recorder recorder) throws NativeException {
        this.listener = listener;
        this.backend = new FrameChannel("back-end socket", backend, MAX_VHOST_PAYLOAD);
        this.epoll = Epoll.create();
        this.wakeup = EventFd.create();
        this.traffic = new TrafficRecorder(recorder, memory, counters);
        this.shadowRegion = shadowRegion(traffic);
        for (int q = 0; q < SNOOPED_QUEUES; q++) {
            snoopers[q] = new QueueSnooper(q, memory, traffic);
            if (shadowRegion != null) shadows[q] = new ShadowQueue(q, shadowRegion, memory, snoopers[q]);
            notifiers[q] = new Notifiers();
        }
    }

    private static ShadowRegion shadowRegion(TrafficRecorder traffic) {
        try {
            return ShadowRegion.create(SNOOPED_QUEUES);
        } catch (NativeException e) {
            traffic.fault("no shadow rings (%s): queues are snooped directly, responses may be read late".formatted(e.getMessage()));
            return null;
        }
    }

    /**
     * Listens on {@code listenPath} (created 0600; it must not exist) for the VMM, with {@code backend}
     * already connected to the real back-end. Rows go to {@code recorder}, which the caller closes.
     */
    public static VhostUserProxy create(Path listenPath, UnixSocket backend, Recorder recorder) throws IOException {
        UnixSocket listener = UnixSocket.listen(listenPath);
        try {
            return new VhostUserProxy(listener, backend, recorder);
        } catch (IOException | RuntimeException e) {
            listener.close();
            throw e;
        }
    }

    public CaptureCounters counters() {
        return counters;
    }

    /** Asks the event loop to end (from any thread, a signal handler included); {@link #run} then returns. */
    public void stop() {
        stopRequested = true;
        try {
            wakeup.signal();
        } catch (NativeException | IllegalStateException ignored) {
            // the proxy is closed already: nothing to wake
        }
    }

    /** Runs the event loop on this thread until the capture ends. */
    public CaptureResult run() {
        try {
            watch(listener.fd(), r -> accept());
            watch(backend.fd(), r -> fromBackend());
            watch(wakeup.fd(), r -> wakeup.drain());
            while (result == null && !stopRequested) {
                for (Epoll.Ready r : epoll.await(32, -1)) {
                    Handler h = handlers.get(r.fd());
                    if (h != null) h.ready(r);
                    if (result != null || stopRequested) break;
                }
                traffic.flush();
            }
            if (result == null) end(CaptureResult.Outcome.STOPPED, "stopped");
        } catch (IOException | RuntimeException e) {
            if (result == null) end(CaptureResult.Outcome.FAILED, "proxy failed: " + e.getMessage());
        }
        for (int q = 0; q < SNOOPED_QUEUES; q++) { // what completed before the end, not yet signalled
            if (relayed[q]) guarded(shadows[q]::call);
            else guarded(snoopers[q]::snoop);
        }
        if (result.outcome() == CaptureResult.Outcome.BACKEND_DIED) traffic.note("back-end died: " + result.detail());
        traffic.flush();
        return result;
    }

    private void end(CaptureResult.Outcome outcome, String detail) {
        if (result == null) result = new CaptureResult(outcome, detail, counters.snapshot());
    }

    private void watch(Fd fd, Handler h) throws NativeException {
        epoll.add(fd, Epoll.IN);
        handlers.put(fd.get(), h);
    }

    private void unwatch(Fd fd) {
        if (fd == null || !fd.isOpen()) return;
        if (handlers.remove(fd.get()) != null) {
            try {
                epoll.delete(fd);
            } catch (NativeException ignored) {
                // the fd is about to be closed, which removes it from epoll anyway
            }
        }
    }

    /** The VMM connects once; the listening socket then goes (and its file with it). */
    private void accept() throws IOException {
        UnixSocket s = listener.accept();
        vmm = new FrameChannel("VMM socket", s, MAX_VHOST_PAYLOAD);
        unwatch(listener.fd());
        listener.close();
        watch(vmm.fd(), r -> fromVmm());
    }

    private void fromVmm() throws IOException {
        Frame f;
        try {
            f = vmm.read();
        } catch (IOException e) {
            end(CaptureResult.Outcome.VMM_CLOSED, "the VMM connection broke: " + e.getMessage());
            return;
        }
        if (f == null) {
            end(CaptureResult.Outcome.VMM_CLOSED, "the VMM closed the connection");
            return;
        }
        try (f) {
            counters.vhostMessages.incrementAndGet();
            VhostMessage m = decode(f);
            List<Fd> send = new ArrayList<>(f.fds());
            List<Fd> ours = new ArrayList<>();
            byte[] bytes = m == null ? f.bytes() : interpose(m, f, send, ours);
            try {
                backend.write(bytes, send);
            } catch (NativeException e) {
                end(CaptureResult.Outcome.BACKEND_DIED, "cannot send %s to the back-end: %s"
                        .formatted(VhostRequest.nameOf(m == null ? 0 : m.header().request()), e.getMessage()));
            } finally {
                ours.forEach(Fd::close);
            }
        }
    }

    private VhostMessage decode(Frame f) {
        try {
            return VhostCodec.decode(f.bytes(), f.fds().size());
        } catch (VhostDecodeException e) {
            traffic.fault("vhost-user message from the VMM: " + e.getMessage() + " (forwarded as it is)");
            return null;
        }
    }

    /**
     * Acts on a VMM message before it is forwarded and returns the bytes to forward. {@code send} starts
     * as the fds that came with it; an interposer replaces some with fds of its own, listed in {@code ours}
     * to close once sent, or adds the shadow region's (which stays open).
     */
    private byte[] interpose(VhostMessage m, Frame f, List<Fd> send, List<Fd> ours) throws NativeException {
        switch (m) {
            case VhostMessage.U64 u when u.request() == VhostRequest.SET_FEATURES -> {
                traffic.metadata("features", "0x" + Long.toHexString(u.value()));
                packedRings = VirtioFeature.RING_PACKED.in(u.value());
                for (ShadowQueue s : shadows) if (s != null) s.setEventIdx(VirtioFeature.RING_EVENT_IDX.in(u.value()));
            }
            case VhostMessage.U64 u when u.request() == VhostRequest.SET_PROTOCOL_FEATURES ->
                    traffic.metadata("vhost_user_protocol_features", "0x" + Long.toHexString(u.value()));
            case VhostMessage.MemTable t -> {
                mapping(() -> memory.replace(t.regions(), f.fds()));
                return withShadowRegion(t, f, send);
            }
            case VhostMessage.SingleRegion r when r.request() == VhostRequest.ADD_MEM_REG ->
                    mapping(() -> memory.add(r.region(), f.fds().getFirst()));
            case VhostMessage.SingleRegion r when r.request() == VhostRequest.REM_MEM_REG -> memory.remove(r.region());
            case VhostMessage.VringState s when s.index() >= 0 && s.index() < SNOOPED_QUEUES -> {
                ShadowQueue shadow = shadows[s.index()];
                if (s.request() == VhostRequest.SET_VRING_NUM) {
                    snoopers[s.index()].setSize(s.num());
                    if (shadow != null) shadow.setSize(s.num());
                } else if (s.request() == VhostRequest.SET_VRING_BASE) {
                    snoopers[s.index()].setBase(s.num());
                    if (shadow != null) shadow.setBase(s.num());
                }
            }
            case VhostMessage.VringAddr a when a.index() >= 0 && a.index() < SNOOPED_QUEUES -> {
                snoopers[a.index()].setAddr(a);
                return redirected(a, f);
            }
            case VhostMessage.VringFile v when v.index() < SNOOPED_QUEUES && v.request() == VhostRequest.SET_VRING_KICK ->
                    interposeKick(v, f, send, ours);
            case VhostMessage.VringFile v when v.index() < SNOOPED_QUEUES && v.request() == VhostRequest.SET_VRING_CALL ->
                    interposeCall(v, f, send, ours);
            case VhostMessage.GpuSetSocket _ -> interposeDisplay(f, send, ours);
            default -> { }
        }
        return f.bytes();
    }

    /** The table for the back-end: the guest's regions and the shadow region, when it fits. */
    private byte[] withShadowRegion(VhostMessage.MemTable t, Frame f, List<Fd> send) {
        boolean fits = shadowRegion != null && t.regions().size() < VhostMessage.MemTable.MAX_REGIONS
                && shadowRegion.fitsBeside(t.regions());
        if (!fits) {
            if (shadowRegion != null) traffic.fault("the memory table has no room for the shadow rings (%d regions): "
                    .formatted(t.regions().size()) + (shadowInTable ? "the back-end loses them" : "queues are snooped directly"));
            shadowInTable = false;
            return f.bytes();
        }
        List<MemoryRegion> regions = new ArrayList<>(t.regions());
        regions.add(shadowRegion.tableEntry());
        send.add(shadowRegion.fd());
        shadowInTable = true;
        return VhostCodec.encode(new VhostMessage.MemTable(t.header(), t.padding(), regions));
    }

    /** SET_VRING_ADDR for the back-end: the shadow rings when the queue can be relayed. */
    private byte[] redirected(VhostMessage.VringAddr a, Frame f) {
        int q = a.index();
        VhostMessage.VringAddr toBackend = shadowInTable && !packedRings ? shadows[q].redirect(a) : null;
        if (toBackend == null && shadowInTable && !packedRings)
            traffic.fault("queue %d: its rings are not in writable guest memory: snooped directly".formatted(q));
        boolean wasRelayed = relayed[q];
        relayed[q] = toBackend != null;
        if (relayed[q] != wasRelayed || !modeRecorded[q])
            traffic.metadata("queue%d_responses".formatted(q), relayed[q] ? "shadow" : "direct");
        modeRecorded[q] = true;
        return toBackend == null ? f.bytes() : VhostCodec.encode(toBackend);
    }

    @FunctionalInterface
    private interface Mapping {
        void run() throws NativeException;
    }

    /** A region that cannot be mapped costs snooping, never forwarding. */
    private void mapping(Mapping action) {
        try {
            action.run();
        } catch (NativeException | RuntimeException e) {
            traffic.fault("guest memory cannot be mapped for snooping: " + e.getMessage());
        }
    }

    private void interposeKick(VhostMessage.VringFile v, Frame f, List<Fd> send, List<Fd> ours) throws NativeException {
        Notifiers n = notifiers[v.index()];
        QueueSnooper snooper = snoopers[v.index()];
        closeKick(n);
        if (v.noFd()) return;
        n.vmmKick = EventFd.adopt(f.fds().getFirst().dup());
        n.ourKick = EventFd.create();
        send.set(0, n.ourKick.fd());
        snooper.start();
        Notifiers kept = n;
        int q = v.index();
        if (relayed[q]) {
            shadows[q].start();
            if (relayedKick(q)) n.ourKick.signal(); // entries the guest made available before the start
            recordKicked(q);
        }
        watch(n.vmmKick.fd(), r -> {
            kept.vmmKick.drain();
            if (relayed[q]) {
                // The back-end starts at once; the guest gets no response before the proxy relays it,
                // so its commands and the memory they read are recorded while the back-end works.
                relayedKick(q);
                kept.ourKick.signal();
                recordKicked(q);
            } else {
                guarded(snooper::snoop); // first: once the back-end answers, the guest may free the chain
                kept.ourKick.signal();
            }
        });
    }

    private boolean relayedKick(int q) {
        try {
            return shadows[q].kick();
        } catch (RuntimeException e) {
            traffic.fault("queue %d: relaying the kick failed: %s".formatted(q, e));
            return true;
        }
    }

    /** After the back-end has the kick: the commands it was given, then the memory they read. */
    private void recordKicked(int q) {
        guarded(shadows[q]::recordKicked);
        traffic.readPendingMemory();
    }

    /** Whether to interrupt the guest; a failure of ours interrupts it, which is always safe. */
    private boolean relayedCall(int q, boolean stopping) {
        traffic.readPendingMemory(); // a no-op after a kick; kept here so no response ever overtakes it
        try {
            return stopping ? shadows[q].stop() : shadows[q].call();
        } catch (RuntimeException e) {
            traffic.fault("queue %d: relaying the call failed: %s".formatted(q, e));
            return true;
        }
    }

    private void interposeCall(VhostMessage.VringFile v, Frame f, List<Fd> send, List<Fd> ours) throws NativeException {
        Notifiers n = notifiers[v.index()];
        QueueSnooper snooper = snoopers[v.index()];
        closeCall(n);
        if (v.noFd()) return;
        n.vmmCall = EventFd.adopt(f.fds().getFirst().dup());
        n.ourCall = EventFd.create();
        send.set(0, n.ourCall.fd());
        Notifiers kept = n;
        int q = v.index();
        watch(n.ourCall.fd(), r -> {
            kept.ourCall.drain();
            if (!relayed[q]) {
                guarded(snooper::snoop);
                kept.vmmCall.signal();
            } else if (relayedCall(q, false)) {
                kept.vmmCall.signal();
            }
        });
    }

    /** Snooping must not break forwarding, even through a bug of ours: the error becomes a row. */
    private void guarded(Runnable snoop) {
        try {
            snoop.run();
        } catch (RuntimeException e) {
            traffic.fault("snooping failed, forwarding goes on: " + e);
        }
    }

    private void closeKick(Notifiers n) {
        if (n.vmmKick != null) {
            unwatch(n.vmmKick.fd());
            n.vmmKick.close();
            n.ourKick.close();
            n.vmmKick = n.ourKick = null;
        }
    }

    private void closeCall(Notifiers n) {
        if (n.ourCall != null) {
            unwatch(n.ourCall.fd());
            n.ourCall.close();
            n.vmmCall.close();
            n.ourCall = n.vmmCall = null;
        }
    }

    private void interposeDisplay(Frame f, List<Fd> send, List<Fd> ours) throws NativeException {
        closeDisplay();
        UnixSocket.Pair pair = UnixSocket.socketpair();
        // The back-end writes each frame update (256 KiB for 256x256 pixels) in one blocking send: a
        // buffer that holds it lets the back-end go on while the relay passes the frame on, and
        // the relay go on reading while the VMM takes it.
        pair.second().sendBuffer(DISPLAY_SEND_BUFFER);
        UnixSocket vmmSide = UnixSocket.adopt(f.fds().getFirst().dup());
        vmmSide.sendBuffer(DISPLAY_SEND_BUFFER);
        display = new DisplayRelay(pair.first(), vmmSide, traffic);
        send.set(0, pair.second().fd());
        ours.add(pair.second().fd());
    }

    private void closeDisplay() {
        if (display == null) return;
        display.close();
        display = null;
    }

    private void fromBackend() throws IOException {
        Frame f;
        try {
            f = backend.read();
        } catch (IOException e) {
            end(CaptureResult.Outcome.BACKEND_DIED, e.getMessage());
            return;
        }
        if (f == null) {
            end(CaptureResult.Outcome.BACKEND_DIED, "the back-end closed its vhost-user socket");
            return;
        }
        try (f) {
            counters.vhostMessages.incrementAndGet();
            byte[] bytes = f.bytes();
            try {
                bytes = interposeReply(VhostCodec.decode(f.bytes(), f.fds().size()), bytes);
            } catch (VhostDecodeException e) {
                traffic.fault("vhost-user message from the back-end: " + e.getMessage() + " (forwarded as it is)");
            }
            if (vmm == null) {
                traffic.fault("the back-end sent a message before the VMM connected; dropped");
                return;
            }
            try {
                vmm.write(bytes, f.fds());
            } catch (NativeException e) {
                end(CaptureResult.Outcome.VMM_CLOSED, "cannot send to the VMM: " + e.getMessage());
            }
        }
    }

    /** Acts on a back-end message before it goes to the VMM and returns the bytes to send. */
    private byte[] interposeReply(VhostMessage m, byte[] bytes) throws NativeException {
        if (!m.header().isReply()) return bytes;
        switch (m) {
            case VhostMessage.U64 u when u.request() == VhostRequest.GET_PROTOCOL_FEATURES && shadowRegion != null -> {
                return VhostCodec.encode(new VhostMessage.U64(u.header(), u.value() & ~PROTOCOL_F_MASKED));
            }
            case VhostMessage.VringState s when s.request() == VhostRequest.GET_VRING_BASE
                    && s.index() >= 0 && s.index() < SNOOPED_QUEUES -> ringStopped(s.index());
            default -> { }
        }
        return bytes;
    }

    /**
     * The back-end stopped a ring: what it completed reaches the guest's used ring (and the guest's
     * interrupt) before the front-end, which reads that ring next, gets the reply.
     */
    private void ringStopped(int q) throws NativeException {
        if (relayed[q]) {
            EventFd vmmCall = notifiers[q].vmmCall;
            if (relayedCall(q, true) && vmmCall != null) vmmCall.signal();
        } else {
            guarded(snoopers[q]::snoop);
        }
        guarded(snoopers[q]::stop);
    }

    /** Closes every socket, eventfd and mapping: the back-end sees its front-end leave. */
    @Override
    public void close() {
        for (Notifiers n : notifiers) {
            closeKick(n);
            closeCall(n);
        }
        closeDisplay();
        if (vmm != null) vmm.close();
        backend.close();
        listener.close();
        wakeup.close();
        epoll.close();
        memory.close();
        if (shadowRegion != null) shadowRegion.close();
    }
}
