package vgtrace.core.os;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/** The errno values the code tests for, and errno names from glibc's {@code strerrorname_np}. */
public final class Errno {

    public static final int ENOENT = 2;
    public static final int EINTR = 4;
    public static final int EAGAIN = 11;
    public static final int EEXIST = 17;
    public static final int EINVAL = 22;
    public static final int ECONNREFUSED = 111;

    @SuppressWarnings("restricted")
    private static final MethodHandle STRERRORNAME = Linker.nativeLinker().defaultLookup().find("strerrorname_np")
            .map(f -> Linker.nativeLinker().downcallHandle(f, FunctionDescriptor.of(ValueLayout.ADDRESS, ValueLayout.JAVA_INT)))
            .orElse(null); // glibc before 2.32

    private Errno() {
    }

    /** {@code "ECONNREFUSED"} for 111; {@code "errno 4242"} for a value libc does not name. */
    @SuppressWarnings("restricted") // libc returns a NUL-terminated static string
    public static String name(int errno) {
        if (STRERRORNAME != null) {
            try {
                MemorySegment s = (MemorySegment) STRERRORNAME.invokeExact(errno);
                if (!s.equals(MemorySegment.NULL)) return s.reinterpret(64).getString(0);
            } catch (Throwable t) {
                throw new AssertionError("strerrorname_np cannot fail", t);
            }
        }
        return "errno " + errno;
    }
}
