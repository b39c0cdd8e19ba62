package vgtrace.capture.proxy;

import vgtrace.core.os.*;
import vgtrace.core.protocol.CtrlHeader;
import vgtrace.core.protocol.CtrlType;
import vgtrace.core.vhost.*;
import vgtrace.core.virtq.*;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A vhost-user-gpu back-end stand-in on its own thread: maps every region of the memory table
 * read-write from the fds it gets, answers every command with OK_NODATA (echoing the fence) through
 * the used ring, signals the call fd unless the driver side suppressed it (NO_INTERRUPT, or used_event
 * with EVENT_IDX), signals the err fd once to prove it arrived, shows an UPDATE on the display channel
 * for every RESOURCE_FLUSH, and stops a ring on GET_VRING_BASE (answering with its next avail idx).
 */
final class FakeBackend implements AutoCloseable {

    static final byte[] UPDATE_PIXELS = new byte[4 * 4 * 4];

    static {
        for (int i = 0; i < UPDATE_PIXELS.length; i++) UPDATE_PIXELS[i] = (byte) (i * 7);
    }

    private final UnixSocket listener;
    private final Thread thread;
    private final Arena arena = Arena.ofShared();
    private final Map<Integer, Integer> sizes = new ConcurrentHashMap<>();
    private final Map<Integer, VhostMessage.VringAddr> addrs = new ConcurrentHashMap<>();
    private final Map<Integer, EventFd> kicks = new ConcurrentHashMap<>(), callFds = new ConcurrentHashMap<>();
    private final Map<Integer, Integer> lastAvail = new ConcurrentHashMap<>();
    private final Map<Integer, Integer> signalledUsed = new ConcurrentHashMap<>();
    private final Set<Integer> stopped = ConcurrentHashMap.newKeySet();
    final List<Integer> commandTypes = new CopyOnWriteArrayList<>();
    /** Runs after the used elements of a kick are published, before the call: what a guest may do meanwhile. */
    volatile Runnable beforeCall = () -> { };
    /** Completes chains but never calls, as a back-end whose calls are suppressed or still to come. */
    volatile boolean holdCalls;
    /** Protocol features offered; CONFIGURE_MEM_SLOTS, HOST_NOTIFIER, INBAND_NOTIFICATIONS among them, for the proxy to mask. */
    static final long PROTOCOL_FEATURES = FakeFrontEnd.PROTOCOL_FEATURES | 1L << 15 | 1L << 11 | 1L << 14;
    private volatile boolean eventIdx;
    final List<String> requests = new CopyOnWriteArrayList<>();
    private volatile boolean dying;
    private volatile UnixSocket connection;
    /** The memory table as the back-end got it. */
    volatile List<MemoryRegion> regions = List.of();
    private GuestMemory memory;
    private FrameChannel gpuSocket;
    private Epoll epoll;

    FakeBackend(Path socket) throws IOException {
        listener = UnixSocket.listen(socket);
        thread = Thread.ofPlatform().name("fake-backend").daemon().start(this::serve);
    }

    /** The back-end crashes: its connection closes. */
    void die() {
        dying = true;
        UnixSocket c = connection;
        if (c != null) c.close();
    }

    private void serve() {
        try (UnixSocket s = listener.accept(); Epoll e = Epoll.create()) {
            connection = s;
            epoll = e;
            FrameChannel ch = new FrameChannel("fake back-end", s, 1 << 20);
            epoll.add(s.fd(), Epoll.IN);
            while (!dying) {
                for (Epoll.Ready r : epoll.await(8, 100)) {
                    if (r.fd() == s.fd().get()) {
                        try (Frame f = ch.read()) {
                            if (f == null) return;
                            handle(ch, VhostCodec.decode(f.bytes(), f.fds().size()), f);
                        }
                    } else {
                        for (var k : kicks.entrySet()) if (k.getValue().fd().get() == r.fd()) process(k.getKey());
                    }
                }
            }
        } catch (IOException | VhostDecodeException | RingLayoutException | GuestMemoryException | RuntimeException ex) {
            if (!dying) ex.printStackTrace();
        }
    }

    private void handle(FrameChannel ch, VhostMessage m, Frame f) throws IOException, RingLayoutException, GuestMemoryException {
        requests.add(VhostRequest.nameOf(m.header().request()));
        switch (m) {
            case VhostMessage.Raw r when r.request() == VhostRequest.GET_FEATURES -> reply(ch, r, FakeFrontEnd.FEATURES);
            case VhostMessage.Raw r when r.request() == VhostRequest.GET_PROTOCOL_FEATURES -> reply(ch, r, PROTOCOL_FEATURES);
            case VhostMessage.U64 u when u.request() == VhostRequest.SET_FEATURES -> eventIdx = VirtioFeature.RING_EVENT_IDX.in(u.value());
            case VhostMessage.MemTable t -> {
                regions = t.regions();
                List<GuestMemory.Region> mapped = new ArrayList<>();
                for (int i = 0; i < regions.size(); i++) {
                    MemoryRegion r = regions.get(i);
                    MemorySegment ram = Mmap.map(f.fds().get(i), r.mmapOffset(), r.memorySize(), Mmap.Access.READ_WRITE, arena);
                    mapped.add(new GuestMemory.Region(r.guestPhysAddr(), ram));
                }
                memory = GuestMemory.of(mapped);
            }
            case VhostMessage.VringState s when s.request() == VhostRequest.GET_VRING_BASE -> {
                stopped.add(s.index());
                VhostHeader h = new VhostHeader(s.header().request(), VhostHeader.VERSION | VhostHeader.REPLY, 8);
                ch.write(VhostCodec.encode(new VhostMessage.VringState(h, s.index(), lastAvail.getOrDefault(s.index(), 0))), List.of());
            }
            case VhostMessage.VringState s when s.request() == VhostRequest.SET_VRING_NUM -> sizes.put(s.index(), s.num());
            case VhostMessage.VringState s when s.request() == VhostRequest.SET_VRING_BASE -> lastAvail.put(s.index(), s.num());
            case VhostMessage.VringAddr a -> addrs.put(a.index(), a);
            case VhostMessage.VringFile v when v.request() == VhostRequest.SET_VRING_KICK -> {
                EventFd k = EventFd.adopt(f.fds().getFirst().dup());
                EventFd old = kicks.put(v.index(), k);
                if (old != null) {
                    epoll.delete(old.fd());
                    old.close();
                }
                epoll.add(k.fd(), Epoll.IN);
                stopped.remove(v.index());
                signalledUsed.remove(v.index());
            }
            case VhostMessage.VringFile v when v.request() == VhostRequest.SET_VRING_CALL ->
                    callFds.put(v.index(), EventFd.adopt(f.fds().getFirst().dup()));
            case VhostMessage.VringFile v when v.request() == VhostRequest.SET_VRING_ERR -> {
                try (EventFd errFd = EventFd.adopt(f.fds().getFirst().dup())) {
                    errFd.signal();
                }
            }
            case VhostMessage.GpuSetSocket _ ->
                    gpuSocket = new FrameChannel("fake gpu socket", UnixSocket.adopt(f.fds().getFirst().dup()), 1 << 20);
            default -> { }
        }
    }

    private static void reply(FrameChannel ch, VhostMessage request, long value) throws IOException {
        VhostHeader h = new VhostHeader(request.header().request(), VhostHeader.VERSION | VhostHeader.REPLY, 8);
        ch.write(VhostCodec.encode(new VhostMessage.U64(h, value)), List.of());
    }

    private long gpa(long va) {
        for (MemoryRegion r : regions) if (r.containsUserAddress(va)) return r.toGuestPhys(va);
        throw new IllegalStateException("ring address 0x%x is in no region".formatted(va));
    }

    /** A kick: answers what is new, then calls unless the driver side suppressed the call. */
    private void process(int q) throws IOException, RingLayoutException, GuestMemoryException {
        kicks.get(q).drain();
        if (stopped.contains(q)) return;
        SplitRing ring = answer(q);
        if (holdCalls) return;
        beforeCall.run();
        int now = ring.usedIdx();
        VarHandle.fullFence();
        Integer old = signalledUsed.put(q, now);
        boolean call = eventIdx ? old == null || SplitRing.needEvent(ring.usedEvent(), now, old)
                : (ring.availFlags() & SplitRing.AVAIL_F_NO_INTERRUPT) == 0;
        if (call && (old == null || old != now)) callFds.get(q).signal();
    }

    /** Answers every new chain of queue {@code q}; a chain it cannot walk is returned with 0 bytes. */
    private SplitRing answer(int q) throws IOException, RingLayoutException, GuestMemoryException {
        VhostMessage.VringAddr a = addrs.get(q);
        SplitRing ring = SplitRing.open(memory, sizes.get(q), gpa(a.descUser()), gpa(a.availUser()), gpa(a.usedUser()));
        int idx = lastAvail.getOrDefault(q, 0);
        ChainWalker walker = new ChainWalker();
        while (idx != ring.availIdx()) {
            int head = ring.availEntry(idx);
            idx = (idx + 1) & 0xffff;
            if (!(walker.walk(ring, head) instanceof WalkResult.Chain c) || c.chain().writable().isEmpty()) {
                ring.pushUsed(head, 0);
                continue;
            }
            byte[] cmd = c.chain().gatherReadable(memory, 1 << 20);
            ByteBuffer b = ByteBuffer.wrap(cmd).order(ByteOrder.LITTLE_ENDIAN);
            int type = cmd.length >= 24 ? b.getInt(0) : 0;
            commandTypes.add(type);
            byte[] resp = new byte[CtrlHeader.SIZE];
            ByteBuffer rb = ByteBuffer.wrap(resp).order(ByteOrder.LITTLE_ENDIAN);
            rb.putInt(0, CtrlType.RESP_OK_NODATA.code());
            if (cmd.length >= 24) rb.putInt(4, b.getInt(4) & 1).putLong(8, b.getLong(8)).putInt(16, b.getInt(16));
            DescriptorChain.Buffer out = c.chain().writable().getFirst();
            memory.write(out.addr(), resp);
            if (type == CtrlType.RESOURCE_FLUSH.code() && gpuSocket != null) showUpdate();
            ring.pushUsed(head, resp.length);
        }
        lastAvail.put(q, idx);
        return ring;
    }

    private void showUpdate() throws IOException {
        var u = new DisplayMessage.Update(VhostHeader.request(DisplayRequest.UPDATE.code(), 0), 0, 0, 0, 4, 4, Pixels.of(UPDATE_PIXELS));
        gpuSocket.write(DisplayCodec.encode(u), List.of());
    }

    @Override
    public void close() {
        dying = true;
        listener.close();
        UnixSocket c = connection;
        if (c != null) c.close();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        kicks.values().forEach(EventFd::close);
        callFds.values().forEach(EventFd::close);
        if (gpuSocket != null) gpuSocket.close();
        arena.close();
    }
}
