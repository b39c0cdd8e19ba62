package vgtrace.core.os;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;

/** An epoll instance: waits on many non-blocking fds at once. Registered fds are identified by number. */
public final class Epoll implements AutoCloseable {

    public static final int IN = 0x1, OUT = 0x4, ERR = 0x8, HUP = 0x10, RDHUP = 0x2000;

    /** One ready descriptor and its events (a mask of {@link #IN}, {@link #OUT}, ...). */
    public record Ready(int fd, int events) {
        public boolean readable() {
            return (events & IN) != 0;
        }

        public boolean hungUp() {
            return (events & (HUP | RDHUP | ERR)) != 0;
        }
    }

    private static final int EPOLL_CLOEXEC = 0x80000, CTL_ADD = 1, CTL_DEL = 2, CTL_MOD = 3;
    // struct epoll_event is packed on x86_64 (12 bytes, data at 4), naturally aligned elsewhere (16, data at 8)
    private static final boolean PACKED = System.getProperty("os.arch").equals("amd64");
    private static final long EVENT_SIZE = PACKED ? 12 : 16, DATA_OFFSET = PACKED ? 4 : 8;
    private static final ValueLayout.OfLong DATA = ValueLayout.JAVA_LONG_UNALIGNED;

    private static final Syscall CREATE = Syscall.of("epoll_create1", ValueLayout.JAVA_INT, ValueLayout.JAVA_INT);
    private static final Syscall CTL = Syscall.of("epoll_ctl", ValueLayout.JAVA_INT,
            ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS);
    private static final Syscall WAIT = Syscall.of("epoll_wait", ValueLayout.JAVA_INT,
            ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT);

    private final Fd epfd;

    private Epoll(Fd epfd) {
        this.epfd = epfd;
    }

    public static Epoll create() throws NativeException {
        return new Epoll(Fd.adopt(CREATE.callInt("EPOLL_CLOEXEC", EPOLL_CLOEXEC)));
    }

    public void add(Fd fd, int events) throws NativeException {
        control(CTL_ADD, fd, events);
    }

    public void modify(Fd fd, int events) throws NativeException {
        control(CTL_MOD, fd, events);
    }

    public void delete(Fd fd) throws NativeException {
        control(CTL_DEL, fd, 0);
    }

    private void control(int op, Fd fd, int events) throws NativeException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment event = arena.allocate(EVENT_SIZE, 8);
            event.set(ValueLayout.JAVA_INT, 0, events);
            event.set(DATA, DATA_OFFSET, fd.get());
            CTL.call(fd.toString(), epfd.get(), op, fd.get(), event);
        }
    }

    /**
     * Waits up to {@code timeoutMillis} (-1: forever, 0: just look) for at most {@code maxEvents} ready fds.
     * An empty list means the timeout passed.
     */
    public List<Ready> await(int maxEvents, int timeoutMillis) throws NativeException {
        if (maxEvents < 1) throw new IllegalArgumentException("maxEvents must be positive: " + maxEvents);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment events = arena.allocate(EVENT_SIZE * maxEvents, 8);
            int n = WAIT.callInt(epfd.toString(), epfd.get(), events, maxEvents, timeoutMillis);
            List<Ready> ready = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                long at = i * EVENT_SIZE;
                ready.add(new Ready((int) events.get(DATA, at + DATA_OFFSET), events.get(ValueLayout.JAVA_INT, at)));
            }
            return ready;
        }
    }

    @Override
    public void close() {
        epfd.close();
    }
}
