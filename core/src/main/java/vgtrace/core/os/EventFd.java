package vgtrace.core.os;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/** A Linux eventfd: a 64-bit counter that is readable while non-zero (vhost-user kick and call). */
public final class EventFd implements AutoCloseable {

    private static final int EFD_CLOEXEC = 0x80000, EFD_NONBLOCK = 0x800;
    private static final Syscall EVENTFD = Syscall.of("eventfd", ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT);
    private static final Syscall WRITE = Syscall.of("write", ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG);
    private static final Syscall READ = Syscall.of("read", ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG);

    private final Fd fd;

    private EventFd(Fd fd) {
        this.fd = fd;
    }

    /** A new non-blocking eventfd with counter 0. */
    public static EventFd create() throws NativeException {
        return new EventFd(Fd.adopt(EVENTFD.callInt("0", 0, EFD_CLOEXEC | EFD_NONBLOCK)));
    }

    /** Wraps a received eventfd (a kick or call fd) and makes it non-blocking. */
    public static EventFd adopt(Fd fd) throws NativeException {
        fd.setNonBlocking(true);
        return new EventFd(fd);
    }

    public Fd fd() {
        return fd;
    }

    /** Adds 1 to the counter, waking whoever polls it. */
    public void signal() throws NativeException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment one = arena.allocate(ValueLayout.JAVA_LONG);
            one.set(ValueLayout.JAVA_LONG, 0, 1);
            WRITE.call(fd.toString(), fd.get(), one, 8L);
        }
    }

    /** Reads and resets the counter: how many signals arrived since the last drain (0 if none). */
    public long drain() throws NativeException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment count = arena.allocate(ValueLayout.JAVA_LONG);
            READ.call(fd.toString(), fd.get(), count, 8L);
            return count.get(ValueLayout.JAVA_LONG, 0);
        } catch (NativeException e) {
            if (e.wouldBlock()) return 0;
            throw e;
        }
    }

    @Override
    public void close() {
        fd.close();
    }
}
