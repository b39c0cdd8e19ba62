package vgtrace.replay.virgl;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Queue;

/**
 * The callbacks struct, its upcall stubs and the init cookie. virglrenderer keeps these pointers,
 * so they are made once per process in the global arena and never freed; the renderer that is
 * currently open decides where signals go ({@link #route}). An exception escaping an upcall would
 * kill the JVM, so the upcalls catch everything; a signal with no renderer to take it is dropped.
 */
@SuppressWarnings("restricted") // upcall stubs for virglrenderer are the point of this class
final class FenceCallbacks {

    private static final MemorySegment CALLBACKS;
    private static final MemorySegment COOKIE;
    private static volatile Queue<FenceSignal> sink;

    static {
        try {
            var lookup = MethodHandles.lookup();
            var linker = Linker.nativeLinker();
            Arena global = Arena.global();
            MemorySegment writeFence = linker.upcallStub(
                    lookup.findStatic(FenceCallbacks.class, "writeFence",
                            MethodType.methodType(void.class, MemorySegment.class, int.class)),
                    FunctionDescriptor.ofVoid(ADDRESS, JAVA_INT), global);
            MemorySegment writeContextFence = linker.upcallStub(
                    lookup.findStatic(FenceCallbacks.class, "writeContextFence",
                            MethodType.methodType(void.class, MemorySegment.class, int.class, int.class, long.class)),
                    FunctionDescriptor.ofVoid(ADDRESS, JAVA_INT, JAVA_INT, JAVA_LONG), global);
            CALLBACKS = global.allocate(VirglLibrary.CALLBACKS); // zeroed: the other callbacks are NULL
            CALLBACKS.set(JAVA_INT, VirglLibrary.offset(VirglLibrary.CALLBACKS, "version"), VirglLibrary.CALLBACKS_VERSION);
            CALLBACKS.set(ADDRESS, VirglLibrary.offset(VirglLibrary.CALLBACKS, "write_fence"), writeFence);
            CALLBACKS.set(ADDRESS, VirglLibrary.offset(VirglLibrary.CALLBACKS, "write_context_fence"), writeContextFence);
            COOKIE = global.allocate(8); // virglrenderer refuses a NULL cookie
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private FenceCallbacks() {}

    static MemorySegment callbacks() {
        return CALLBACKS;
    }

    static MemorySegment cookie() {
        return COOKIE;
    }

    /** Sends signals to {@code queue} from now on; {@code null} drops them (no renderer open). */
    static void route(Queue<FenceSignal> queue) {
        sink = queue;
    }

    private static void writeFence(MemorySegment cookie, int fenceId) {
        try {
            deliver(FenceSignal.global(fenceId));
        } catch (Throwable t) {
            // Nothing may escape into C; the only possible failure is running out of memory.
        }
    }

    private static void writeContextFence(MemorySegment cookie, int ctxId, int ringIdx, long fenceId) {
        try {
            deliver(FenceSignal.context(ctxId, ringIdx, fenceId));
        } catch (Throwable t) {
            // Nothing may escape into C; the only possible failure is running out of memory.
        }
    }

    private static void deliver(FenceSignal signal) {
        Queue<FenceSignal> q = sink;
        if (q != null) q.offer(signal);
    }
}
