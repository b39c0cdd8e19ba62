package vgtrace.core.os;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code struct msghdr} with one iovec and an SCM_RIGHTS control area, for sendmsg/recvmsg (x86_64 and
 * aarch64 Linux layouts): msghdr is 56 bytes (name@0, namelen@8, iov@16, iovlen@24, control@32,
 * controllen@40, flags@48), iovec 16, cmsghdr 16 (len@0 as size_t, level@8, type@12) with 8-byte alignment.
 */
final class MessageHeader {

    static final int SOL_SOCKET = 1, SCM_RIGHTS = 1;
    static final int MSG_CTRUNC = 0x8;
    /** The kernel's per-message limit of passed descriptors (SCM_MAX_FD). */
    static final int MAX_FDS = 253;

    private static final long MSGHDR = 56, IOVEC = 16, CMSGHDR = 16;

    final MemorySegment msghdr;
    private final MemorySegment control;

    private MessageHeader(MemorySegment msghdr, MemorySegment control) {
        this.msghdr = msghdr;
        this.control = control;
    }

    static long space(long dataBytes) {
        return CMSGHDR + align(dataBytes);
    }

    private static long align(long n) {
        return (n + 7) & ~7L;
    }

    /** A header for sending the bytes of {@code data} (native memory) and {@code fds}. */
    static MessageHeader forSend(Arena arena, MemorySegment data, int[] fds) {
        MemorySegment control = MemorySegment.NULL;
        if (fds.length > 0) {
            control = arena.allocate(space(4L * fds.length), 8);
            control.set(ValueLayout.JAVA_LONG, 0, CMSGHDR + 4L * fds.length); // CMSG_LEN
            control.set(ValueLayout.JAVA_INT, 8, SOL_SOCKET);
            control.set(ValueLayout.JAVA_INT, 12, SCM_RIGHTS);
            MemorySegment.copy(fds, 0, control, ValueLayout.JAVA_INT, CMSGHDR, fds.length);
        }
        return build(arena, data, control);
    }

    /** A header for receiving into {@code data} (native memory) with up to {@link #MAX_FDS} descriptors. */
    static MessageHeader forReceive(Arena arena, MemorySegment data) {
        return build(arena, data, arena.allocate(space(4L * MAX_FDS), 8));
    }

    private static MessageHeader build(Arena arena, MemorySegment data, MemorySegment control) {
        MemorySegment iov = arena.allocate(IOVEC, 8);
        iov.set(ValueLayout.ADDRESS, 0, data);
        iov.set(ValueLayout.JAVA_LONG, 8, data.byteSize());
        MemorySegment msg = arena.allocate(MSGHDR, 8);
        msg.set(ValueLayout.ADDRESS, 16, iov);
        msg.set(ValueLayout.JAVA_LONG, 24, 1);
        msg.set(ValueLayout.ADDRESS, 32, control);
        msg.set(ValueLayout.JAVA_LONG, 40, control.byteSize());
        return new MessageHeader(msg, control);
    }

    int flags() {
        return msghdr.get(ValueLayout.JAVA_INT, 48);
    }

    /**
     * The descriptors of every SCM_RIGHTS message the kernel wrote, walking the control area with
     * bounds checks (controllen is what the kernel filled in).
     */
    List<Integer> receivedFds() {
        long filled = Math.min(msghdr.get(ValueLayout.JAVA_LONG, 40), control.byteSize());
        List<Integer> fds = new ArrayList<>();
        long at = 0;
        while (at + CMSGHDR <= filled) {
            long len = control.get(ValueLayout.JAVA_LONG, at);
            if (len < CMSGHDR || len > filled - at) break;
            if (control.get(ValueLayout.JAVA_INT, at + 8) == SOL_SOCKET && control.get(ValueLayout.JAVA_INT, at + 12) == SCM_RIGHTS)
                for (long p = at + CMSGHDR; p + 4 <= at + len; p += 4) fds.add(control.get(ValueLayout.JAVA_INT, p));
            at += align(len);
        }
        return fds;
    }
}
