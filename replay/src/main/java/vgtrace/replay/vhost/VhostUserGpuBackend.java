package vgtrace.replay.vhost;

import static vgtrace.replay.vhost.VhostUserChannel.header;

import vgtrace.core.os.Epoll;
import vgtrace.core.os.Errno;
import vgtrace.core.os.EventFd;
import vgtrace.core.os.Fd;
import vgtrace.core.os.MemFd;
import vgtrace.core.os.Mmap;
import vgtrace.core.os.NativeException;
import vgtrace.core.os.UnixSocket;
import vgtrace.core.protocol.CtrlHeader;
import vgtrace.core.protocol.CtrlType;
import vgtrace.core.protocol.DecodeException;
import vgtrace.core.protocol.GpuCodec;
import vgtrace.core.protocol.DisplayMode;
import vgtrace.core.protocol.OkEdid;
import vgtrace.core.protocol.ResourceFlush;
import vgtrace.core.vhost.MemoryRegion;
import vgtrace.core.vhost.VhostMessage;
import vgtrace.core.vhost.VhostRequest;
import vgtrace.core.vhost.VirtioFeature;
import vgtrace.core.virtq.Descriptor;
import vgtrace.core.virtq.GuestMemory;
import vgtrace.core.virtq.GuestMemoryException;
import vgtrace.core.virtq.RingLayoutException;
import vgtrace.core.virtq.SplitRing;
import vgtrace.core.virtq.UsedElement;
import vgtrace.replay.BackendFailure;
import vgtrace.replay.Completion;
import vgtrace.replay.GuestWrite;
import vgtrace.replay.MemoryWrite;
import vgtrace.replay.Output;
import vgtrace.replay.ReplayBackend;
import vgtrace.replay.Submission;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * vgtrace as a vhost-user front-end driving an out-of-process virtio-gpu backend (QEMU's
 * {@code vhost-user-gpu}): guest RAM is a memfd shared with the backend, the control and cursor
 * queues are split rings in it, kicks and calls are eventfds, and the display channel
 * (GPU_SET_SOCKET) is answered here (display info and EDIDs from the capture), its UPDATE messages
 * becoming frames. The top
 * {@link #RESERVED} bytes of guest RAM hold the rings and command buffers; trace memory there is
 * refused. Read-backs are not reported (the 2D backend has no TRANSFER_FROM_HOST_3D).
 */
public final class VhostUserGpuBackend implements ReplayBackend {

    static final long MEMORY = 2L << 30, RESERVED = 128L << 20;
    private static final int RING_SIZE = 256, SLOTS = RING_SIZE / 2;
    private static final int CMD_SLOT = 128 << 10, RESP_SLOT = 16 << 10;
    /** Feature bits acked when offered: virtio-gpu EDID (the guest drivers vgtrace captures ack it), vhost-user protocol features, VERSION_1. */
    static final long ACKED = VirtioFeature.maskOf(VirtioFeature.GPU_EDID, VirtioFeature.PROTOCOL_FEATURES,
            VirtioFeature.VERSION_1);

    private final VhostUserChannel control;
    private final DisplayChannel display;
    private final Fd memfd;
    private final Arena arena = Arena.ofShared();
    private final GuestMemory memory;
    private final Queue[] queues = new Queue[2];
    private final List<Completion> done = new ArrayList<>();
    private final List<DisplayChannel.Update> updates = new ArrayList<>();
    /** Commands given to execute and not yet placed on a ring (see {@link #release}). */
    private final Deque<Submission> held = new ArrayDeque<>();
    /** The seq of the RESOURCE_FLUSH placed and not yet returned, or null. */
    private Long flushInFlight;
    private final Epoll wakeups;
    private final Process process;
    private final Path runDir;
    private final String name;

    /** One virtqueue: its ring, eventfds and the command slots in flight. */
    private final class Queue {
        final int index;
        final SplitRing ring;
        final EventFd kick, call;
        final long cmdBase, respBase;
        final Deque<Integer> free = new ArrayDeque<>();
        final Map<Integer, Submission> inFlight = new HashMap<>();
        int lastUsed;
        boolean kickDue;

        Queue(int index, long base) throws RingLayoutException, NativeException {
            this.index = index;
            long desc = base, avail = base + RING_SIZE * Descriptor.SIZE, used = avail + 4096;
            ring = SplitRing.open(memory, RING_SIZE, desc, avail, used);
            cmdBase = base + 16 * 4096;
            respBase = cmdBase + (long) SLOTS * CMD_SLOT;
            kick = EventFd.create();
            call = EventFd.create();
            for (int s = 0; s < SLOTS; s++) free.add(s);
        }

        long end() {
            return respBase + (long) SLOTS * RESP_SLOT;
        }
    }

    private VhostUserGpuBackend(UnixSocket socket, List<DisplayMode> modes, Map<Integer, OkEdid> edids, Process process,
                                Path runDir, String name) throws IOException {
        this.process = process;
        this.runDir = runDir;
        this.name = name;
        this.control = new VhostUserChannel(socket);
        this.memfd = MemFd.create("vgtrace-guest-ram", MEMORY, false);
        MemorySegment ram = Mmap.map(memfd, 0, MEMORY, Mmap.Access.READ_WRITE, arena);
        this.memory = GuestMemory.of(new GuestMemory.Region(0, ram));
        try {
            long base = MEMORY - RESERVED;
            queues[0] = new Queue(0, base);
            queues[1] = new Queue(1, queues[0].end());
            if (queues[1].end() > MEMORY) throw new IllegalStateException("rings and buffers overflow the reserved area");
        } catch (RingLayoutException e) {
            throw new IOException(e.getMessage(), e);
        }
        UnixSocket.Pair pair = UnixSocket.socketpair();
        this.display = new DisplayChannel(pair.first(), modes, edids);
        this.wakeups = Epoll.create();
        for (Queue q : queues) wakeups.add(q.call.fd(), Epoll.IN);
        wakeups.add(display.fd(), Epoll.IN);
        handshake(ram.address(), pair.second());
    }

    /**
     * Connects to a backend listening on {@code socket} (e.g. {@code vhost-user-gpu --socket-path=SOCK}).
     *
     * @param modes the outputs the display channel reports
     * @param edids the EDID response it answers per scanout (a replay passes the capture's); other outputs get a generated one
     */
    public static VhostUserGpuBackend connect(Path socket, List<DisplayMode> modes, Map<Integer, OkEdid> edids)
            throws IOException {
        return new VhostUserGpuBackend(UnixSocket.connect(socket), modes, edids, null, null, "vhost-user:" + socket);
    }

    /** Starts {@code command} with {@code --socket-path=<private socket>} appended, then connects to it (as {@link #connect}). */
    public static VhostUserGpuBackend spawn(List<String> command, List<DisplayMode> modes, Map<Integer, OkEdid> edids)
            throws IOException {
        Path dir = Files.createTempDirectory("vgtrace-vhost");
        Path socket = dir.resolve("backend.sock");
        List<String> argv = new ArrayList<>(command);
        argv.add("--socket-path=" + socket);
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(dir.resolve("backend.log").toFile()).start();
        try {
            return new VhostUserGpuBackend(connectWhenListening(socket, p, command, dir), modes, edids, p, dir,
                    "vhost-user backend " + String.join(" ", command));
        } catch (IOException | RuntimeException e) {
            p.destroy();
            throw e;
        }
    }

    /**
     * Connects once the backend listens (up to 5 s): until it binds its socket a connect finds no
     * file, and between bind() and listen() it is refused.
     */
    private static UnixSocket connectWhenListening(Path socket, Process p, List<String> command, Path dir) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (true) {
            if (!p.isAlive()) throw new IOException("backend " + command + " exited with " + p.exitValue() + " (log: " + dir.resolve("backend.log") + ")");
            try {
                return UnixSocket.connect(socket);
            } catch (NativeException e) {
                boolean notYet = e.errno() == Errno.ENOENT || e.errno() == Errno.ECONNREFUSED;
                if (!notYet || System.nanoTime() > deadline) throw e;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(25));
        }
    }

    private void handshake(long userBase, UnixSocket displayPeer) throws IOException {
        long features = control.requestU64(VhostRequest.GET_FEATURES);
        control.send(new VhostMessage.Raw(header(VhostRequest.SET_OWNER), new byte[0]));
        boolean protocol = VirtioFeature.PROTOCOL_FEATURES.in(features);
        if (protocol) {
            control.requestU64(VhostRequest.GET_PROTOCOL_FEATURES);
            control.send(new VhostMessage.U64(header(VhostRequest.SET_PROTOCOL_FEATURES), 0));
        }
        control.send(new VhostMessage.U64(header(VhostRequest.SET_FEATURES), features & ACKED));
        control.send(new VhostMessage.GpuSetSocket(header(VhostRequest.GPU_SET_SOCKET)), displayPeer.fd());
        displayPeer.close();
        control.send(new VhostMessage.MemTable(header(VhostRequest.SET_MEM_TABLE), 0,
                List.of(new MemoryRegion(0, MEMORY, userBase, 0))), memfd);
        for (Queue q : queues) {
            control.send(new VhostMessage.VringState(header(VhostRequest.SET_VRING_NUM), q.index, RING_SIZE));
            control.send(new VhostMessage.VringAddr(header(VhostRequest.SET_VRING_ADDR), q.index, 0,
                    userBase + q.ring.descAddr(), userBase + q.ring.usedAddr(), userBase + q.ring.availAddr(), 0));
            control.send(new VhostMessage.VringState(header(VhostRequest.SET_VRING_BASE), q.index, 0));
            // The call fd first: a back-end starts a ring at its kick fd, and one that answers before
            // it has a call fd fails writing it (QEMU 7.2's exits: "Error writing eventfd").
            control.send(new VhostMessage.VringFile(header(VhostRequest.SET_VRING_CALL), q.index), q.call.fd());
            control.send(new VhostMessage.VringFile(header(VhostRequest.SET_VRING_KICK), q.index), q.kick.fd());
            if (protocol) control.send(new VhostMessage.VringState(header(VhostRequest.SET_VRING_ENABLE), q.index, 1));
        }
        // A request with a reply: the back-end has taken every message above before the first kick.
        control.requestU64(VhostRequest.GET_FEATURES);
    }

    @Override
    public List<Completion> execute(List<Submission> batch) {
        try {
            held.addAll(batch);
            release();
            kick();
            collect();
            return take();
        } catch (IOException | GuestMemoryException e) {
            throw new BackendFailure(name + ": " + e.getMessage() + lastWords(), e);
        }
    }

    /** What a backend we started said last before it went away, for the failure report; "" if nothing. */
    private String lastWords() {
        if (process == null) return "";
        try {
            process.waitFor(200, TimeUnit.MILLISECONDS);
            List<String> log = Files.readAllLines(runDir.resolve("backend.log")).stream().filter(l -> !l.isBlank()).toList();
            String exit = process.isAlive() ? "" : " (exit " + process.exitValue() + ")";
            return log.isEmpty() ? exit : exit + "; its log ends: " + String.join(" / ", log.subList(Math.max(0, log.size() - 3), log.size()));
        } catch (IOException | InterruptedException e) {
            if (e instanceof InterruptedException) Thread.currentThread().interrupt();
            return "";
        }
    }

    /**
     * Places held commands in order until one waits: for a ring slot, or behind a RESOURCE_FLUSH in
     * flight. One flush at a time is what ties UPDATE messages to their flush: the backend sends a
     * flush's UPDATEs before it returns the flush, and nothing else sends UPDATEs, so every UPDATE read
     * by the time a flush returns is that flush's, whatever the timing.
     */
    private void release() throws IOException, GuestMemoryException {
        while (!held.isEmpty() && flushInFlight == null) {
            Submission s = held.peek();
            Queue q = queues[s.queue() == 1 ? 1 : 0];
            if (q.free.isEmpty()) {
                kick();
                collect();
                if (q.free.isEmpty()) wakeups.await(8, 10);
                continue;
            }
            held.poll();
            // A mapped blob's memory lives in the back-end's process, out of a front-end's reach.
            for (MemoryWrite w : s.memory()) if (w instanceof GuestWrite g) writeGuest(g);
            place(q, s);
            if (flushOf(s).isPresent()) flushInFlight = s.seq();
        }
    }

    @Override
    public List<Completion> await(long maxWaitNanos) {
        long deadline = System.nanoTime() + maxWaitNanos;
        try {
            while (true) {
                release();
                kick();
                collect();
                long left = deadline - System.nanoTime();
                if (!done.isEmpty() || idle() || left <= 0) return take();
                if (process != null && !process.isAlive()) throw new IOException("the backend exited with " + process.exitValue());
                wakeups.await(8, (int) Math.max(1, Math.min(50, TimeUnit.NANOSECONDS.toMillis(left))));
            }
        } catch (IOException | GuestMemoryException e) {
            throw new BackendFailure(name + ": " + e.getMessage() + lastWords(), e);
        }
    }

    /**
     * The display-protocol features the backend took from vgtrace's offer (EDID): without
     * {@code DisplayMessage.ProtocolFeatures.F_EDID} it answers GET_EDID itself (QEMU 7.2's:
     * ERR_UNSPEC). 0 until the backend has sent them, which it does right after GPU_SET_SOCKET.
     */
    public long displayProtocolFeatures() {
        return display.acceptedFeatures();
    }

    private boolean idle() {
        return held.isEmpty() && queues[0].inFlight.isEmpty() && queues[1].inFlight.isEmpty();
    }

    /** Trace memory goes into guest RAM, except where it would overwrite the rings or lie outside RAM. */
    private void writeGuest(GuestWrite w) throws GuestMemoryException {
        long end = w.addr() + w.bytes().length;
        if (w.addr() < 0 || end > MEMORY - RESERVED || end < w.addr()) return;
        memory.write(w.addr(), w.bytes());
    }

    private void place(Queue q, Submission s) throws GuestMemoryException {
        int slot = q.free.poll();
        int head = slot * 2;
        long cmd = q.cmdBase + (long) slot * CMD_SLOT, resp = q.respBase + (long) slot * RESP_SLOT;
        int length = Math.min(s.wire().length, CMD_SLOT);
        memory.write(cmd, length == s.wire().length ? s.wire() : Arrays.copyOf(s.wire(), length));
        q.ring.writeDescriptor(head, new Descriptor(cmd, length, Descriptor.F_NEXT, head + 1));
        q.ring.writeDescriptor(head + 1, new Descriptor(resp, RESP_SLOT, Descriptor.F_WRITE, 0));
        q.inFlight.put(head, s);
        q.ring.pushAvail(head);
        q.kickDue = true;
    }

    private void kick() throws NativeException {
        for (Queue q : queues) {
            if (!q.kickDue) continue;
            q.kick.signal();
            q.kickDue = false;
        }
    }

    /** Takes finished chains off both used rings, then display messages; frames go to the flush that returned. */
    private void collect() throws IOException, GuestMemoryException {
        List<Completion> round = new ArrayList<>();
        List<Submission> commands = new ArrayList<>();
        for (Queue q : queues) {
            while (q.lastUsed != q.ring.usedIdx()) {
                UsedElement e = q.ring.usedEntry(q.lastUsed);
                q.lastUsed = (q.lastUsed + 1) & 0xffff;
                Submission s = q.inFlight.remove(e.id());
                if (s == null) continue; // an id we never gave out: ignore it rather than trust it
                q.free.add(e.id() / 2);
                int len = Math.min(e.len(), RESP_SLOT);
                byte[] response = len == 0 ? null : memory.read(q.respBase + (long) (e.id() / 2) * RESP_SLOT, len);
                round.add(new Completion(s.seq(), response, List.of()));
                commands.add(s);
            }
            q.call.drain();
        }
        display.pump(updates);
        for (int i = 0; i < round.size(); i++) {
            Completion c = round.get(i);
            Optional<ResourceFlush> flush = flushOf(commands.get(i));
            if (flush.isPresent()) flushInFlight = null;
            if (!updates.isEmpty() && flush.isPresent()) {
                int resourceId = flush.get().resourceId();
                List<Output> frames = new ArrayList<>();
                for (DisplayChannel.Update u : updates) frames.add(new Output.Frame(u.scanoutId(), resourceId, u.rect(), u.pixels()));
                updates.clear();
                c = new Completion(c.seq(), c.response(), frames);
            }
            done.add(c);
        }
    }

    /** The RESOURCE_FLUSH a submission holds, decoded by the codec; empty for any other command. */
    private static Optional<ResourceFlush> flushOf(Submission s) {
        byte[] wire = s.wire();
        if (wire.length < CtrlHeader.SIZE || CtrlHeader.read(wire).ctrlType() != CtrlType.RESOURCE_FLUSH) return Optional.empty();
        try {
            return Optional.of((ResourceFlush) GpuCodec.decode(wire));
        } catch (DecodeException e) {
            return Optional.empty();
        }
    }

    private List<Completion> take() {
        List<Completion> out = List.copyOf(done);
        done.clear();
        return out;
    }

    @Override
    public String describe() {
        return name;
    }

    @Override
    public void close() {
        wakeups.close();
        control.close();
        display.close();
        for (Queue q : queues) {
            q.kick.close();
            q.call.close();
        }
        memfd.close();
        arena.close();
        if (process != null) stop();
    }

    /** Ends the backend we started and removes its private directory (socket and log). */
    private void stop() {
        process.destroy();
        try {
            process.waitFor(2, TimeUnit.SECONDS);
            try (var files = Files.list(runDir)) {
                for (Path f : files.toList()) Files.deleteIfExists(f);
            }
            Files.deleteIfExists(runDir);
        } catch (IOException | InterruptedException e) {
            // Leftovers in a temporary directory are harmless; the replay's result stands.
            if (e instanceof InterruptedException) Thread.currentThread().interrupt();
        }
    }
}
