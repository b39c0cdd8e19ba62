package vgtrace.core.os;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

/**
 * An AF_UNIX stream socket that can pass descriptors (SCM_RIGHTS), which the JDK's own Unix-domain
 * channels cannot. All descriptors are close-on-exec; received ones too (MSG_CMSG_CLOEXEC).
 */
public final class UnixSocket implements AutoCloseable {

    private static final int AF_UNIX = 1, SOCK_STREAM = 1, SOCK_CLOEXEC = 0x80000;
    private static final int MSG_NOSIGNAL = 0x4000, MSG_CMSG_CLOEXEC = 0x40000000;
    private static final int SUN_PATH = 108, BACKLOG = 16;

    private static final Syscall SOCKET = Syscall.of("socket", ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT);
    private static final Syscall SOCKETPAIR = Syscall.of("socketpair", ValueLayout.JAVA_INT,
            ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS);
    private static final Syscall CONNECT = Syscall.of("connect", ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT);
    private static final Syscall BIND = Syscall.of("bind", ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT);
    private static final Syscall LISTEN = Syscall.of("listen", ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT);
    private static final Syscall ACCEPT4 = Syscall.of("accept4", ValueLayout.JAVA_INT,
            ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.JAVA_INT);
    private static final Syscall SENDMSG = Syscall.of("sendmsg", ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT);
    private static final Syscall RECVMSG = Syscall.of("recvmsg", ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT);
    private static final Syscall SETSOCKOPT = Syscall.of("setsockopt", ValueLayout.JAVA_INT, ValueLayout.JAVA_INT,
            ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT);
    private static final Syscall GETSOCKOPT = Syscall.of("getsockopt", ValueLayout.JAVA_INT, ValueLayout.JAVA_INT,
            ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.ADDRESS);
    private static final int SOL_SOCKET = 1, SO_SNDBUF = 7;
    /** Largest piece of a heap buffer one send or recv moves: what the staging area holds. */
    public static final int STAGING_BYTES = 1 << 20;
    private static final ThreadLocal<MemorySegment> STAGING = ThreadLocal.withInitial(() -> Arena.ofAuto().allocate(STAGING_BYTES));

    /** Two connected sockets. */
    public record Pair(UnixSocket first, UnixSocket second) implements AutoCloseable {
        @Override
        public void close() {
            first.close();
            second.close();
        }
    }

    private final Fd fd;
    private final Path boundPath; // removed on close; null unless made by listen

    private UnixSocket(Fd fd, Path boundPath) {
        this.fd = fd;
        this.boundPath = boundPath;
    }

    /** Wraps a received or inherited socket descriptor (e.g. a vhost-user GPU_SET_SOCKET fd). */
    public static UnixSocket adopt(Fd fd) {
        return new UnixSocket(fd, null);
    }

    public static Pair socketpair() throws NativeException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment sv = arena.allocate(ValueLayout.JAVA_INT, 2);
            SOCKETPAIR.call("AF_UNIX, SOCK_STREAM", AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv);
            return new Pair(adopt(Fd.adopt(sv.getAtIndex(ValueLayout.JAVA_INT, 0))),
                    adopt(Fd.adopt(sv.getAtIndex(ValueLayout.JAVA_INT, 1))));
        }
    }

    /**
     * Asks for a send buffer of {@code bytes} (the kernel caps it at net.core.wmem_max and doubles it
     * for its bookkeeping); returns what the socket got.
     */
    public int sendBuffer(int bytes) throws NativeException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment value = arena.allocate(ValueLayout.JAVA_INT);
            value.set(ValueLayout.JAVA_INT, 0, bytes);
            SETSOCKOPT.call("SO_SNDBUF", fd.get(), SOL_SOCKET, SO_SNDBUF, value, Integer.BYTES);
            MemorySegment length = arena.allocate(ValueLayout.JAVA_INT);
            length.set(ValueLayout.JAVA_INT, 0, Integer.BYTES);
            GETSOCKOPT.call("SO_SNDBUF", fd.get(), SOL_SOCKET, SO_SNDBUF, value, length);
            return value.get(ValueLayout.JAVA_INT, 0);
        }
    }

    public static UnixSocket connect(Path path) throws IOException {
        Fd fd = newSocket();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment addr = address(arena, path);
            CONNECT.call(path.toString(), fd.get(), addr, (int) addr.byteSize());
            return adopt(fd);
        } catch (IOException | RuntimeException e) {
            fd.close();
            throw e;
        }
    }

    /**
     * A listening socket at {@code path}, created with mode 0600 and no window in which it is more open:
     * it is bound inside a fresh 0700 directory next to {@code path}, chmod-ed, then hard-linked into
     * place (which, like bind, fails if {@code path} exists). The umask is process-wide, so it is not used.
     * The socket file is deleted on {@link #close()}.
     */
    public static UnixSocket listen(Path path) throws IOException {
        Path target = path.toAbsolutePath();
        Path dir = Files.createTempDirectory(target.getParent(), ".vgtrace-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Path staging = dir.resolve("s");
        Fd fd = newSocket();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment addr = address(arena, staging);
            BIND.call(staging.toString(), fd.get(), addr, (int) addr.byteSize());
            Files.setPosixFilePermissions(staging, PosixFilePermissions.fromString("rw-------"));
            LISTEN.call(target.toString(), fd.get(), BACKLOG);
            Files.createLink(target, staging);
            return new UnixSocket(fd, target);
        } catch (IOException | RuntimeException e) {
            fd.close();
            throw e;
        } finally {
            Files.deleteIfExists(staging);
            Files.deleteIfExists(dir);
        }
    }

    private static Fd newSocket() throws NativeException {
        return Fd.adopt(SOCKET.callInt("AF_UNIX, SOCK_STREAM", AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0));
    }

    private static MemorySegment address(Arena arena, Path path) throws IOException {
        byte[] name = path.toString().getBytes(StandardCharsets.UTF_8);
        if (name.length >= SUN_PATH)
            throw new IOException("socket path is %d bytes, at most %d fit: %s".formatted(name.length, SUN_PATH - 1, path));
        MemorySegment addr = arena.allocate(2 + name.length + 1);
        addr.set(ValueLayout.JAVA_SHORT, 0, (short) AF_UNIX);
        MemorySegment.copy(name, 0, addr, ValueLayout.JAVA_BYTE, 2, name.length);
        return addr;
    }

    public Fd fd() {
        return fd;
    }

    /** The next connection (blocks unless non-blocking; then EAGAIN means none is waiting). */
    public UnixSocket accept() throws NativeException {
        return adopt(Fd.adopt(ACCEPT4.callInt(fd.toString(), fd.get(), MemorySegment.NULL, MemorySegment.NULL, SOCK_CLOEXEC)));
    }

    /**
     * Sends the buffer's remaining bytes with {@code fds} attached; returns how many bytes went (a stream
     * socket may take fewer, and a heap buffer goes at most {@link #STAGING_BYTES} a call) and advances
     * the buffer's position by that. The descriptors go with the first byte, so at least one byte is
     * needed to pass any. A direct buffer is sent in place; a heap one is copied to native memory first.
     */
    public int send(ByteBuffer data, int... fds) throws NativeException {
        if (fds.length > MessageHeader.MAX_FDS) throw new IllegalArgumentException("at most 253 descriptors per message: " + fds.length);
        if (fds.length > 0 && !data.hasRemaining()) throw new IllegalArgumentException("descriptors need at least one data byte");
        MemorySegment source = MemorySegment.ofBuffer(data);
        MemorySegment payload = source;
        if (!source.isNative()) {
            payload = staging(source.byteSize());
            payload.copyFrom(source.asSlice(0, payload.byteSize()));
        }
        try (Arena arena = Arena.ofConfined()) {
            MessageHeader msg = MessageHeader.forSend(arena, payload, fds);
            int sent = (int) SENDMSG.call(fd.toString(), fd.get(), msg.msghdr, MSG_NOSIGNAL);
            data.position(data.position() + sent);
            return sent;
        }
    }

    /**
     * Receives into the buffer's remaining space (advancing its position) with up to {@code maxFds}
     * descriptors; a heap buffer takes at most {@link #STAGING_BYTES} a call. Descriptors beyond
     * {@code maxFds} are closed and reported as truncation. On a non-blocking socket with nothing to
     * read this throws a {@link NativeException} that {@link NativeException#wouldBlock() would block}.
     */
    public Received recv(ByteBuffer into, int maxFds) throws NativeException {
        if (maxFds < 0) throw new IllegalArgumentException("maxFds is negative: " + maxFds);
        MemorySegment target = MemorySegment.ofBuffer(into);
        MemorySegment payload = target.isNative() ? target : staging(target.byteSize());
        try (Arena arena = Arena.ofConfined()) {
            MessageHeader msg = MessageHeader.forReceive(arena, payload);
            int got = (int) RECVMSG.call(fd.toString(), fd.get(), msg.msghdr, MSG_CMSG_CLOEXEC);
            List<Fd> kept = new ArrayList<>();
            List<Integer> fds = msg.receivedFds();
            for (int i = 0; i < fds.size(); i++) {
                Fd received = Fd.adopt(fds.get(i));
                if (i < maxFds) kept.add(received);
                else received.close();
            }
            if (payload != target) target.copyFrom(payload.asSlice(0, got));
            into.position(into.position() + got);
            boolean truncated = fds.size() > maxFds || (msg.flags() & MessageHeader.MSG_CTRUNC) != 0;
            return new Received(got, kept, truncated);
        }
    }

    /**
     * This thread's native staging area for heap buffers, at most {@link #STAGING_BYTES} of it. It is
     * kept between calls: allocating (and zeroing) it per call cost as much as the copy.
     */
    private static MemorySegment staging(long bytes) {
        return STAGING.get().asSlice(0, Math.min(bytes, STAGING_BYTES));
    }

    public void setNonBlocking(boolean nonBlocking) throws NativeException {
        fd.setNonBlocking(nonBlocking);
    }

    /** Closes the socket, and for a listening one removes its socket file. */
    @Override
    public void close() {
        fd.close();
        if (boundPath != null) {
            try {
                Files.deleteIfExists(boundPath);
            } catch (IOException ignored) {
                // a stale socket file is harmless: the next listen fails on it with FileAlreadyExistsException
            }
        }
    }

    @Override
    public String toString() {
        return "unix socket " + fd + (boundPath != null ? " at " + boundPath : "");
    }
}
