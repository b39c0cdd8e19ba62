package vgtrace.replay.virgl;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * virglrenderer's own messages ({@code gl_version 45 - core profile enabled}, {@code GLSL feature
 * level 450}, shader errors) go to its debug callback, which by default prints them on the process's
 * stderr, in the middle of vgtrace's output. The binding installs a callback that formats each one
 * ({@code vsnprintf} with its {@code va_list}) and hands it to {@link #to the sink}: dropped unless a
 * command asks for them (--verbose). The callback is process-wide in the library, and so is the sink.
 */
@SuppressWarnings("restricted") // an upcall into Java and libc's vsnprintf are the point of this class
public final class VirglLog {

    private static final int MAX_MESSAGE = 4096;
    private static volatile Consumer<String> sink = message -> { };
    private static MethodHandle vsnprintf;

    private VirglLog() {
    }

    /** Where virglrenderer's messages go from now on, one line each without its newline. */
    public static void to(Consumer<String> messages) {
        sink = messages;
    }

    /**
     * Installs the callback through {@code virgl_set_debug_callback} (virglrenderer 0.x, kept in
     * 1.x); a library without it keeps printing on stderr.
     */
    static void install(SymbolLookup lib) {
        Optional<MemorySegment> set = lib.find("virgl_set_debug_callback");
        Optional<MemorySegment> format = Linker.nativeLinker().defaultLookup().find("vsnprintf");
        if (set.isEmpty() || format.isEmpty()) return;
        Linker linker = Linker.nativeLinker();
        vsnprintf = linker.downcallHandle(format.get(), FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, ADDRESS, ADDRESS));
        try {
            MethodHandle target = MethodHandles.lookup().findStatic(VirglLog.class, "message",
                    MethodType.methodType(void.class, MemorySegment.class, MemorySegment.class));
            MemorySegment callback = linker.upcallStub(target, FunctionDescriptor.ofVoid(ADDRESS, ADDRESS), Arena.global());
            MethodHandle install = linker.downcallHandle(set.get(), FunctionDescriptor.of(ADDRESS, ADDRESS));
            MemorySegment _ = (MemorySegment) install.invokeExact(callback); // the default printer, not restored
        } catch (Throwable t) {
            throw new VirglException("load", "cannot install virglrenderer's debug callback: " + t.getMessage());
        }
    }

    /** The upcall: {@code void (*)(const char *fmt, va_list ap)}. Must not throw (it would abort the JVM). */
    private static void message(MemorySegment fmt, MemorySegment ap) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buffer = arena.allocate(MAX_MESSAGE);
            int n = (int) vsnprintf.invokeExact(buffer, (long) MAX_MESSAGE, fmt, ap);
            if (n < 0) return;
            String text = buffer.getString(0).stripTrailing();
            if (!text.isEmpty()) sink.accept(text);
        } catch (Throwable ignored) {
            // a message lost is better than a JVM aborted from native code
        }
    }
}
