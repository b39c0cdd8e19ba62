package vgtrace.core.os;

import java.lang.foreign.ValueLayout;
import java.util.concurrent.atomic.AtomicInteger;

/** An owned Linux file descriptor, closed exactly once. */
public final class Fd implements AutoCloseable {

    private static final Syscall CLOSE = Syscall.once("close", ValueLayout.JAVA_INT, ValueLayout.JAVA_INT);
    private static final Syscall FCNTL = Syscall.variadic("fcntl", 2, ValueLayout.JAVA_INT,
            ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT);
    private static final int F_DUPFD_CLOEXEC = 1030, F_GETFL = 3, F_SETFL = 4, O_NONBLOCK = 0x800;

    private final AtomicInteger fd;

    private Fd(int fd) {
        this.fd = new AtomicInteger(fd);
    }

    /** Takes ownership of an open descriptor (from a native call or a received message). */
    public static Fd adopt(int fd) {
        if (fd < 0) throw new IllegalArgumentException("not a descriptor: " + fd);
        return new Fd(fd);
    }

    /** The descriptor number; {@link IllegalStateException} once closed. */
    public int get() {
        int n = fd.get();
        if (n < 0) throw new IllegalStateException("descriptor already closed");
        return n;
    }

    public boolean isOpen() {
        return fd.get() >= 0;
    }

    /** A new descriptor for the same open file (close-on-exec). */
    public Fd dup() throws NativeException {
        return adopt(fcntl(F_DUPFD_CLOEXEC, 0));
    }

    public void setNonBlocking(boolean nonBlocking) throws NativeException {
        int flags = fcntl(F_GETFL, 0);
        fcntl(F_SETFL, nonBlocking ? flags | O_NONBLOCK : flags & ~O_NONBLOCK);
    }

    public boolean isNonBlocking() throws NativeException {
        return (fcntl(F_GETFL, 0) & O_NONBLOCK) != 0;
    }

    /** {@code fcntl(fd, cmd, arg)} for the commands that take an int (or ignore their argument). */
    int fcntl(int cmd, int arg) throws NativeException {
        return FCNTL.callInt(toString(), get(), cmd, arg);
    }

    /** Closes once; later calls do nothing. Linux frees the descriptor even when close reports an error. */
    @Override
    public void close() {
        int n = fd.getAndSet(-1);
        if (n < 0) return;
        try {
            CLOSE.call("fd " + n, n);
        } catch (NativeException ignored) {
            // EIO/EINTR from close: the descriptor is released all the same, nothing to retry
        }
    }

    @Override
    public String toString() {
        int n = fd.get();
        return n < 0 ? "fd (closed)" : "fd " + n;
    }
}
