package vgtrace.core.os;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.util.Arrays;

/**
 * One libc function that returns -1 and sets errno on failure. errno is read through
 * {@code captureCallState}, the only reliable way (the JVM may call libc between two Java calls).
 * Calls interrupted by a signal (EINTR) are restarted unless the function must not be (close).
 */
final class Syscall {

    private static final Linker LINKER = Linker.nativeLinker();
    private static final StructLayout STATE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = STATE.varHandle(MemoryLayout.PathElement.groupElement("errno"));

    private final String name;
    private final MethodHandle handle; // (MemorySegment state, Object[] args) long
    private final boolean restartable;

    private Syscall(String name, MethodHandle handle, boolean restartable) {
        this.name = name;
        this.handle = handle;
        this.restartable = restartable;
    }

    /** A function returning int, long (ssize_t) or a pointer read as long, with fixed arguments. */
    static Syscall of(String name, ValueLayout returns, MemoryLayout... args) {
        return create(name, returns, args, true, Linker.Option.captureCallState("errno"));
    }

    /** A variadic function whose variadic part starts at argument {@code firstVariadic}. */
    static Syscall variadic(String name, int firstVariadic, ValueLayout returns, MemoryLayout... args) {
        return create(name, returns, args, true, Linker.Option.captureCallState("errno"), Linker.Option.firstVariadicArg(firstVariadic));
    }

    /** A function that must not be restarted after EINTR ({@code close}: the fd is gone either way). */
    static Syscall once(String name, ValueLayout returns, MemoryLayout... args) {
        return create(name, returns, args, false, Linker.Option.captureCallState("errno"));
    }

    @SuppressWarnings("restricted") // binding libc is what this class is for
    private static Syscall create(String name, ValueLayout returns, MemoryLayout[] args, boolean restartable, Linker.Option... options) {
        MemorySegment symbol = LINKER.defaultLookup().find(name).orElseThrow(() -> new UnsatisfiedLinkError("libc has no " + name));
        MethodHandle h = LINKER.downcallHandle(symbol, FunctionDescriptor.of(returns, args), options);
        h = h.asType(h.type().changeReturnType(long.class)).asSpreader(Object[].class, args.length);
        return new Syscall(name, h, restartable);
    }

    String name() {
        return name;
    }

    /** Calls the function; {@code detail} names the object for the error message (a path, an fd). */
    long call(String detail, Object... args) throws NativeException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(STATE);
            while (true) {
                long result = (long) handle.invokeExact(state, args);
                if (result != -1) return result;
                int errno = (int) ERRNO.get(state, 0L);
                if (errno != Errno.EINTR || !restartable) throw new NativeException(name, detail, errno);
            }
        } catch (NativeException e) {
            throw e;
        } catch (Throwable t) { // a wrong argument list is a bug here, not a runtime condition
            throw new IllegalStateException(name + Arrays.toString(args), t);
        }
    }

    int callInt(String detail, Object... args) throws NativeException {
        return (int) call(detail, args);
    }
}
