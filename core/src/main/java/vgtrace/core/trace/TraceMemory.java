package vgtrace.core.trace;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;

/**
 * The process's one Arrow allocator. Writers and readers take a child of it and close the child,
 * which fails loudly on a leak; {@link #root()}{@code .getAllocatedMemory()} is 0 when all are closed.
 */
public final class TraceMemory {

    private static final BufferAllocator ROOT = new RootAllocator();

    private TraceMemory() {
    }

    public static BufferAllocator root() {
        return ROOT;
    }
}
