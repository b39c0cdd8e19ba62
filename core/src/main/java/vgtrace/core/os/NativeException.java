package vgtrace.core.os;

import java.io.IOException;

/**
 * A Linux call that failed, with its errno: {@code connect(/run/vgpu.sock): ECONNREFUSED (111)}.
 */
public final class NativeException extends IOException {

    private final String call;
    private final int errno;

    public NativeException(String call, String detail, int errno) {
        super("%s(%s): %s (%d)".formatted(call, detail, Errno.name(errno), errno));
        this.call = call;
        this.errno = errno;
    }

    /** The failed function, e.g. {@code "connect"}. */
    public String call() {
        return call;
    }

    public int errno() {
        return errno;
    }

    /** True for EAGAIN: a non-blocking fd had nothing to give, or no room to take. */
    public boolean wouldBlock() {
        return errno == Errno.EAGAIN;
    }
}
