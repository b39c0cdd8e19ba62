package vgtrace.core.os;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

class UnixSocketTest {

    @TempDir
    Path dir;

    private static ByteBuffer bytes(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
    }

    private static String text(ByteBuffer b) {
        return new String(b.array(), 0, b.position(), StandardCharsets.UTF_8);
    }

    private static Object inode(Fd fd) throws IOException {
        return Files.getAttribute(Path.of("/proc/self/fd/" + fd.get()), "unix:ino");
    }

    private static long openFds() throws IOException {
        try (Stream<Path> s = Files.list(Path.of("/proc/self/fd"))) {
            return s.count();
        }
    }

    @Test
    void passedDescriptorsReferToTheSameFiles() throws Exception {
        try (UnixSocket.Pair pair = UnixSocket.socketpair(); EventFd event = EventFd.create();
             Fd memfd = MemFd.create("passed", 4096, false)) {
            assertEquals(4, pair.first().send(bytes("fds!"), event.fd().get(), memfd.get()));
            ByteBuffer into = ByteBuffer.allocate(16);
            try (Received got = pair.second().recv(into, 4)) {
                assertEquals(4, got.bytes());
                assertEquals("fds!", text(into));
                assertFalse(got.fdsTruncated());
                assertEquals(2, got.fds().size());
                assertNotEquals(event.fd().get(), got.fds().get(0).get(), "a new descriptor number");
                assertEquals(inode(event.fd()), inode(got.fds().get(0)));
                assertEquals(inode(memfd), inode(got.fds().get(1)));

                // written through one descriptor, read through the other
                try (EventFd received = EventFd.adopt(got.fds().get(0).dup())) {
                    received.signal();
                    received.signal();
                    assertEquals(2, event.drain());
                }
            }
        }
    }

    @Test
    void extraDescriptorsAreClosedAndReported() throws Exception {
        try (UnixSocket.Pair pair = UnixSocket.socketpair(); EventFd a = EventFd.create(); EventFd b = EventFd.create();
             EventFd c = EventFd.create()) {
            long before = openFds();
            pair.first().send(bytes("x"), a.fd().get(), b.fd().get(), c.fd().get());
            try (Received got = pair.second().recv(ByteBuffer.allocate(1), 1)) {
                assertEquals(1, got.fds().size());
                assertTrue(got.fdsTruncated());
                assertEquals(before + 1, openFds(), "only the kept descriptor stays open");
            }
            assertEquals(before, openFds());
        }
    }

    @Test
    void dataWithoutDescriptorsAndPartialReads() throws Exception {
        try (UnixSocket.Pair pair = UnixSocket.socketpair()) {
            ByteBuffer out = bytes("0123456789");
            pair.first().send(out);
            assertFalse(out.hasRemaining());
            ByteBuffer into = ByteBuffer.allocate(4);
            Received first = pair.second().recv(into, 0);
            assertEquals(4, first.bytes());
            assertEquals(0, first.fds().size());
            assertEquals("0123", text(into));
            ByteBuffer rest = ByteBuffer.allocate(32);
            assertEquals(6, pair.second().recv(rest, 0).bytes());
            assertEquals("456789", text(rest));
            assertThrows(IllegalArgumentException.class, () -> pair.first().send(ByteBuffer.allocate(0), 0));
        }
    }

    @Test
    void largeHeapAndDirectBuffersArriveWholeAndInOrder() throws Exception {
        // a heap buffer moves through the staging area at most STAGING_BYTES a call; a direct one in place
        byte[] big = new byte[UnixSocket.STAGING_BYTES * 2 + 12345];
        for (int i = 0; i < big.length; i++) big[i] = (byte) (i * 31 + (i >> 11));
        for (boolean direct : new boolean[]{false, true}) {
            try (UnixSocket.Pair pair = UnixSocket.socketpair()) {
                Thread sender = Thread.ofPlatform().start(() -> {
                    ByteBuffer out = direct ? ByteBuffer.allocateDirect(big.length).put(big).flip() : ByteBuffer.wrap(big);
                    try {
                        while (out.hasRemaining()) {
                            int sent = pair.first().send(out);
                            if (!direct) assertTrue(sent <= UnixSocket.STAGING_BYTES, "one call sent " + sent);
                        }
                    } catch (NativeException e) {
                        throw new AssertionError(e);
                    }
                });
                ByteBuffer in = direct ? ByteBuffer.allocateDirect(big.length) : ByteBuffer.allocate(big.length);
                while (in.hasRemaining()) assertTrue(pair.second().recv(in, 0).bytes() > 0, "peer closed early");
                sender.join();
                byte[] got = new byte[big.length];
                in.flip().get(got);
                assertArrayEquals(big, got, direct ? "direct" : "heap");
            }
        }
    }

    @Test
    void nonBlockingReceiveWouldBlockAndEofReadsZero() throws Exception {
        try (UnixSocket.Pair pair = UnixSocket.socketpair()) {
            pair.second().setNonBlocking(true);
            assertTrue(pair.second().fd().isNonBlocking());
            NativeException e = assertThrows(NativeException.class, () -> pair.second().recv(ByteBuffer.allocate(8), 0));
            assertTrue(e.wouldBlock(), e.getMessage());
            assertEquals("recvmsg", e.call());
            assertTrue(e.getMessage().endsWith(": EAGAIN (11)"), e.getMessage());
            pair.first().close();
            assertEquals(0, pair.second().recv(ByteBuffer.allocate(8), 0).bytes());
        }
    }

    @Test
    void listenCreatesAPrivateSocketFileAndServesConnections() throws Exception {
        Path path = dir.resolve("vgpu.sock");
        try (UnixSocket server = UnixSocket.listen(path)) {
            assertEquals(PosixFilePermissions.fromString("rw-------"), Files.getPosixFilePermissions(path));
            assertEquals(0140000, (int) Files.getAttribute(path, "unix:mode") & 0170000, "a socket file");
            try (Stream<Path> s = Files.list(dir)) {
                assertEquals(1, s.count(), "the staging directory is gone");
            }
            try (UnixSocket client = UnixSocket.connect(path); UnixSocket accepted = server.accept()) {
                client.send(bytes("hello"));
                ByteBuffer into = ByteBuffer.allocate(8);
                accepted.recv(into, 0);
                assertEquals("hello", text(into));
            }
            assertThrows(FileAlreadyExistsException.class, () -> UnixSocket.listen(path));
        }
        assertFalse(Files.exists(path), "close removes the socket file");
    }

    @Test
    void connectErrorsNameTheCallThePathAndTheErrno() throws Exception {
        Path missing = dir.resolve("missing.sock");
        NativeException e = assertThrows(NativeException.class, () -> UnixSocket.connect(missing));
        assertEquals("connect(" + missing + "): ENOENT (2)", e.getMessage());

        Path stale = dir.resolve("stale.sock");
        try (UnixSocket _ = UnixSocket.listen(dir.resolve("live.sock"))) {
            Files.createLink(stale, dir.resolve("live.sock"));
        }
        e = assertThrows(NativeException.class, () -> UnixSocket.connect(stale));
        assertEquals("connect(" + stale + "): ECONNREFUSED (111)", e.getMessage());
        assertEquals(111, e.errno());

        IOException tooLong = assertThrows(IOException.class, () -> UnixSocket.connect(dir.resolve("x".repeat(120))));
        assertTrue(tooLong.getMessage().startsWith("socket path is"), tooLong.getMessage());
    }

    @Test
    void descriptorsCloseOnce() throws Exception {
        UnixSocket.Pair pair = UnixSocket.socketpair();
        Fd fd = pair.first().fd();
        pair.close();
        pair.close();
        assertFalse(fd.isOpen());
        assertThrows(IllegalStateException.class, fd::get);
        assertEquals("fd (closed)", fd.toString());
    }

    @Test
    void memfdThroughTwoMappingsOfAPassedDescriptor() throws Exception {
        try (UnixSocket.Pair pair = UnixSocket.socketpair(); Arena arena = Arena.ofConfined()) {
            MemorySegment writer;
            try (Fd memfd = MemFd.create("guest-ram", 1 << 16, false)) {
                writer = Mmap.map(memfd, 0, 1 << 16, Mmap.Access.READ_WRITE, arena);
                pair.first().send(bytes("m"), memfd.get());
            } // the sender's descriptor is closed: its mapping and the passed descriptor keep the file
            try (Received got = pair.second().recv(ByteBuffer.allocate(1), 1)) {
                Fd received = got.fds().getFirst();
                assertEquals(1 << 16, MemFd.size(received));
                MemorySegment reader = Mmap.map(received, 4096, 4096, Mmap.Access.READ, arena);
                writer.set(ValueLayout.JAVA_LONG, 4096 + 8, 0x1122334455667788L);
                assertEquals(0x1122334455667788L, reader.get(ValueLayout.JAVA_LONG, 8));
                assertTrue(reader.isReadOnly());
            }
        }
    }

    @Test
    void sendBufferGrowsUpToWhatTheKernelAllows() throws IOException {
        int wmemMax = Integer.parseInt(Files.readAllLines(Path.of("/proc/sys/net/core/wmem_max")).getFirst().strip());
        try (UnixSocket.Pair pair = UnixSocket.socketpair()) {
            int asked = 1 << 20;
            int got = pair.first().sendBuffer(asked);
            // Linux doubles the value for its bookkeeping and caps the request at wmem_max.
            assertEquals(2 * Math.min(asked, wmemMax), got);
        }
    }
}
