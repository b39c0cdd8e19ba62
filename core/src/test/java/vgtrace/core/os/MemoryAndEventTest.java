package vgtrace.core.os;

import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

class MemoryAndEventTest {

    @Test
    void eventfdSignalIsSeenByEpoll() throws Exception {
        try (Epoll epoll = Epoll.create(); EventFd kick = EventFd.create()) {
            epoll.add(kick.fd(), Epoll.IN);
            assertEquals(List.of(), epoll.await(8, 0));
            kick.signal();
            kick.signal();
            kick.signal();
            assertEquals(List.of(new Epoll.Ready(kick.fd().get(), Epoll.IN)), epoll.await(8, 1000));
            assertEquals(3, kick.drain());
            assertEquals(0, kick.drain());
            assertEquals(List.of(), epoll.await(8, 0));
            epoll.modify(kick.fd(), Epoll.OUT);
            assertEquals(Epoll.OUT, epoll.await(8, 0).getFirst().events());
            epoll.delete(kick.fd());
            assertEquals(List.of(), epoll.await(8, 0));
        }
    }

    @Test
    void epollSeesSocketDataAndHangup() throws Exception {
        try (Epoll epoll = Epoll.create(); var pair = vgtrace.core.os.UnixSocket.socketpair()) {
            epoll.add(pair.second().fd(), Epoll.IN | Epoll.RDHUP);
            pair.first().send(ByteBuffer.wrap(new byte[]{1}));
            Epoll.Ready ready = epoll.await(4, 1000).getFirst();
            assertTrue(ready.readable());
            assertFalse(ready.hungUp());
            pair.first().close();
            assertTrue(epoll.await(4, 1000).getFirst().hungUp());
        }
    }

    @Test
    void epollErrorsCarryTheErrnoName() throws Exception {
        try (Epoll epoll = Epoll.create(); EventFd e = EventFd.create()) {
            NativeException ex = assertThrows(NativeException.class, () -> epoll.delete(e.fd()));
            assertEquals("epoll_ctl(" + e.fd() + "): ENOENT (2)", ex.getMessage());
            epoll.add(e.fd(), Epoll.IN);
            assertEquals("EEXIST", Errno.name(assertThrows(NativeException.class, () -> epoll.add(e.fd(), Epoll.IN)).errno()));
        }
    }

    @Test
    void mappingsShareTheFileAndArenaCloseUnmaps() throws Exception {
        try (Fd memfd = MemFd.create("shared", 8192, false)) {
            MemorySegment a;
            try (Arena one = Arena.ofConfined(); Arena two = Arena.ofShared()) {
                a = Mmap.map(memfd, 0, 8192, Mmap.Access.READ_WRITE, one);
                MemorySegment b = Mmap.map(memfd, 4096, 4096, Mmap.Access.READ_WRITE, two);
                b.set(ValueLayout.JAVA_INT, 0, 42);
                assertEquals(42, a.get(ValueLayout.JAVA_INT, 4096));
            }
            assertFalse(a.scope().isAlive());
            assertThrows(IllegalStateException.class, () -> a.get(ValueLayout.JAVA_INT, 0));
            try (Arena again = Arena.ofConfined()) {
                assertEquals(42, Mmap.map(memfd, 0, 8192, Mmap.Access.READ, again).get(ValueLayout.JAVA_INT, 4096));
            }
        }
    }

    @Test
    void mmapFailureIsANativeException() throws Exception {
        try (Fd memfd = MemFd.create("small", 4096, false); Arena arena = Arena.ofConfined()) {
            NativeException e = assertThrows(NativeException.class, () -> Mmap.map(memfd, 1, 4096, Mmap.Access.READ, arena));
            assertEquals("mmap(" + memfd + ", offset 1, 4096 bytes): EINVAL (22)", e.getMessage());
        }
    }

    @Test
    void sealsAreAddedAndEnforced() throws Exception {
        try (Fd sealed = MemFd.create("sealed", 4096, true); Fd plain = MemFd.create("plain", 4096, false);
             Arena arena = Arena.ofConfined()) {
            assertEquals(Set.of(), MemFd.seals(sealed));
            MemFd.seal(sealed, EnumSet.of(MemFd.Seal.SHRINK, MemFd.Seal.GROW, MemFd.Seal.WRITE));
            assertEquals(EnumSet.of(MemFd.Seal.SHRINK, MemFd.Seal.GROW, MemFd.Seal.WRITE), MemFd.seals(sealed));
            assertEquals("EPERM", Errno.name(assertThrows(NativeException.class,
                    () -> Mmap.map(sealed, 0, 4096, Mmap.Access.READ_WRITE, arena)).errno()));
            assertEquals(0, Mmap.map(sealed, 0, 4096, Mmap.Access.READ, arena).get(ValueLayout.JAVA_BYTE, 0));
            NativeException e = assertThrows(NativeException.class, () -> MemFd.seal(plain, EnumSet.of(MemFd.Seal.GROW)));
            assertTrue(e.getMessage().startsWith("fcntl(fd "), e.getMessage());
            assertTrue(e.getMessage().endsWith("EPERM (1)"), e.getMessage());
        }
    }

    @Test
    void errnoNames() {
        assertEquals("ECONNREFUSED", Errno.name(111));
        assertEquals("EAGAIN", Errno.name(Errno.EAGAIN));
        assertEquals("errno 4242", Errno.name(4242));
    }
}
