package vgtrace.capture.proxy;

import vgtrace.core.os.EventFd;
import vgtrace.core.os.Fd;
import vgtrace.core.os.MemFd;
import vgtrace.core.os.Mmap;
import vgtrace.core.os.UnixSocket;
import vgtrace.core.vhost.*;
import vgtrace.core.virtq.*;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.VarHandle;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A VMM stand-in: guest RAM in a memfd, two split rings written with SplitRing's driver-side calls,
 * kick/call/err eventfds, and a display channel socket; it speaks vhost-user to the proxy. It kicks
 * as a driver does: unless the device side suppressed it (NO_NOTIFY, or avail_event with EVENT_IDX).
 */
final class FakeFrontEnd implements AutoCloseable {

    static final long GPA = 0x4000_0000L, VA = 0x7f00_0000_0000L, SIZE = 4 << 20;
    static final int QUEUE_SIZE = 256;
    static final long FEATURES = VirtioFeature.maskOf(VirtioFeature.GPU_VIRGL, VirtioFeature.GPU_EDID,
            VirtioFeature.PROTOCOL_FEATURES, VirtioFeature.VERSION_1), PROTOCOL_FEATURES = 0x1L;

    final Arena arena = Arena.ofShared();
    final Fd memfd;
    final GuestMemory guest;
    final SplitRing[] rings = new SplitRing[2];
    final EventFd[] kick = new EventFd[2], call = new EventFd[2];
    final EventFd err;
    final UnixSocket.Pair display;
    final FrameChannel channel;
    private final int[] nextDesc = new int[2], kickedAt = new int[2], consumed = new int[2];
    /** The features the handshake sets (FEATURES, or with EVENT_IDX). */
    long features = FEATURES;
    private long nextData = GPA + 0x100000;
    /** Display messages the VMM side received, read by {@link #readDisplay}. */
    final List<byte[]> displayFrames = new ArrayList<>();

    FakeFrontEnd(Path proxySocket) throws IOException, RingLayoutException {
        memfd = MemFd.create("fake-guest", SIZE, false);
        MemorySegment ram = Mmap.map(memfd, 0, SIZE, Mmap.Access.READ_WRITE, arena);
        guest = GuestMemory.of(new GuestMemory.Region(GPA, ram));
        for (int q = 0; q < 2; q++) {
            long base = GPA + q * 0x10000L;
            rings[q] = SplitRing.open(guest, QUEUE_SIZE, base, base + 0x1000, base + 0x2000);
            kick[q] = EventFd.create();
            call[q] = EventFd.create();
        }
        err = EventFd.create();
        display = UnixSocket.socketpair();
        channel = new FrameChannel("fake VMM", UnixSocket.connect(proxySocket), 1 << 20);
    }

    void send(VhostMessage m, Fd... fds) throws IOException {
        channel.write(VhostCodec.encode(m), List.of(fds));
    }

    static VhostHeader header(VhostRequest r) {
        return VhostHeader.request(r.code(), 0);
    }

    /** What QEMU does at start: features, memory table, both rings, err fd, display socket. */
    void handshake() throws IOException, VhostDecodeException {
        getFeatures();
        send(new VhostMessage.U64(header(VhostRequest.SET_FEATURES), features));
        send(new VhostMessage.U64(header(VhostRequest.SET_PROTOCOL_FEATURES), PROTOCOL_FEATURES));
        send(new VhostMessage.MemTable(header(VhostRequest.SET_MEM_TABLE), 0,
                List.of(new MemoryRegion(GPA, SIZE, VA, 0))), memfd);
        for (int q = 0; q < 2; q++) {
            send(new VhostMessage.VringState(header(VhostRequest.SET_VRING_NUM), q, QUEUE_SIZE));
            send(new VhostMessage.VringFile(header(VhostRequest.SET_VRING_CALL), q), call[q].fd());
            send(new VhostMessage.VringFile(header(VhostRequest.SET_VRING_ERR), q), err.fd());
            startRing(q, 0);
        }
        send(new VhostMessage.GpuSetSocket(header(VhostRequest.GPU_SET_SOCKET)), display.second().fd());
        getFeatures(); // its reply means the back-end has handled every message before it
    }

    /** What QEMU does to (re)start a ring: base, addresses, kick fd. */
    void startRing(int q, int base) throws IOException {
        SplitRing r = rings[q];
        send(new VhostMessage.VringState(header(VhostRequest.SET_VRING_BASE), q, base));
        send(new VhostMessage.VringAddr(header(VhostRequest.SET_VRING_ADDR), q, 0, va(r.descAddr()),
                va(r.usedAddr()), va(r.availAddr()), 0));
        send(new VhostMessage.VringFile(header(VhostRequest.SET_VRING_KICK), q), kick[q].fd());
    }

    /** Stops a ring as QEMU does (GET_VRING_BASE) and returns the back-end's next avail idx. */
    int stopRing(int q) throws IOException, VhostDecodeException {
        send(new VhostMessage.VringState(header(VhostRequest.GET_VRING_BASE), q, 0));
        try (Frame f = channel.read()) {
            if (VhostCodec.decode(f.bytes(), 0) instanceof VhostMessage.VringState s && s.header().isReply() && s.index() == q)
                return s.num();
            throw new IOException("bad GET_VRING_BASE reply");
        }
    }

    private void getFeatures() throws IOException, VhostDecodeException {
        send(new VhostMessage.Raw(header(VhostRequest.GET_FEATURES), new byte[0]));
        VhostMessage reply = VhostCodec.decode(channel.read().bytes(), 0);
        if (!(reply instanceof VhostMessage.U64 u) || u.value() != FEATURES) throw new IOException("bad reply " + reply);
    }

    static long va(long gpa) {
        return gpa - GPA + VA;
    }

    /** Guest bytes somewhere free; returns their guest physical address. */
    long put(byte[] bytes) throws GuestMemoryException {
        long at = alloc(bytes.length);
        guest.write(at, bytes);
        return at;
    }

    long alloc(int length) {
        long at = nextData;
        nextData += (length + 15) & ~15;
        if (nextData > GPA + SIZE) throw new IllegalStateException("fake guest memory is full");
        return at;
    }

    /** Queues a command with a writable buffer for its response, and kicks. Returns the chain head. */
    int submit(int q, byte[] command, int responseRoom) throws IOException, GuestMemoryException {
        int head = queue(q, command, responseRoom);
        kick(q);
        return head;
    }

    /** Makes a command available without kicking. Returns the chain head. */
    int queue(int q, byte[] command, int responseRoom) throws GuestMemoryException {
        long cmd = put(command);
        long resp = alloc(responseRoom);
        int head = nextDesc[q];
        int second = (head + 1) % QUEUE_SIZE;
        nextDesc[q] = (head + 2) % QUEUE_SIZE;
        rings[q].writeDescriptor(head, new Descriptor(cmd, command.length, Descriptor.F_NEXT, second));
        rings[q].writeDescriptor(second, new Descriptor(resp, responseRoom, Descriptor.F_WRITE, 0));
        rings[q].pushAvail(head);
        return head;
    }

    /** Publishes {@code head} with whatever descriptors the test wrote, and kicks. */
    void submitHead(int q, int head) throws IOException {
        rings[q].pushAvail(head);
        kick(q);
    }

    /** Notifies the device of what was made available, unless it asked not to be. */
    void kick(int q) throws IOException {
        VarHandle.fullFence(); // the avail idx is visible before the device's suppression fields are read
        int now = rings[q].availIdx();
        boolean need = VirtioFeature.RING_EVENT_IDX.in(features) ? SplitRing.needEvent(rings[q].availEvent(), now, kickedAt[q])
                : (rings[q].usedFlags() & SplitRing.USED_F_NO_NOTIFY) == 0;
        kickedAt[q] = now;
        if (need) kick[q].signal();
    }

    /**
     * What a guest driver does on seeing used elements: takes each one and reuses its response buffer
     * at once (here: fills it with {@code garbage}). Returns how many it took.
     */
    int consumeUsed(int q, byte[] garbage) throws GuestMemoryException {
        int taken = 0;
        for (int now = rings[q].usedIdx(); consumed[q] != now; consumed[q] = (consumed[q] + 1) & 0xffff, taken++) {
            int head = rings[q].usedEntry(consumed[q]).id();
            guest.write(rings[q].descriptor((head + 1) % QUEUE_SIZE).addr(), garbage);
        }
        return taken;
    }

    /** Waits (up to 10 s) until queue {@code q} has {@code count} used elements. */
    void awaitUsed(int q, int count) {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (rings[q].usedIdx() < count) {
            if (System.nanoTime() > deadline)
                throw new AssertionError("queue %d: %d used elements after 10 s, expected %d".formatted(q, rings[q].usedIdx(), count));
            java.util.concurrent.locks.LockSupport.parkNanos(20_000);
        }
    }

    /** The response bytes of a chain made by {@link #submit}. */
    byte[] response(int q, int head, int length) throws GuestMemoryException {
        Descriptor d = rings[q].descriptor((head + 1) % QUEUE_SIZE);
        return guest.read(d.addr(), length);
    }

    /** Reads the display frames waiting on the VMM's side of the display channel. */
    void readDisplay(int count) throws IOException {
        FrameChannel ch = new FrameChannel("fake VMM display", display.first(), 64 << 20);
        while (displayFrames.size() < count) {
            try (Frame f = ch.read()) {
                if (f == null) throw new IOException("display channel closed");
                displayFrames.add(f.bytes());
            }
        }
    }

    private boolean closed;

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        channel.close();
        display.close();
        for (int q = 0; q < 2; q++) {
            kick[q].close();
            call[q].close();
        }
        err.close();
        memfd.close();
        arena.close();
    }
}
