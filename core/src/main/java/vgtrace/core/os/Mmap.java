package vgtrace.core.os;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/** Shared file mappings as memory segments whose arena unmaps them. */
public final class Mmap {

    public enum Access { READ, READ_WRITE }

    private static final int PROT_READ = 1, PROT_WRITE = 2, MAP_SHARED = 1;
    private static final Syscall MMAP = Syscall.of("mmap", ValueLayout.JAVA_LONG, // void*: read as an address-sized long
            ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG);
    private static final Syscall MUNMAP = Syscall.of("munmap", ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG);

    private Mmap() {
    }

    /**
     * Maps {@code length} bytes of {@code fd} from {@code offset} (page-aligned) MAP_SHARED. The segment
     * lives as long as {@code arena}: closing the arena unmaps it. A READ mapping is a read-only segment.
     * The fd may be closed after mapping; the mapping keeps the file.
     */
    @SuppressWarnings("restricted") // the segment is exactly the range mmap returned
    public static MemorySegment map(Fd fd, long offset, long length, Access access, Arena arena) throws NativeException {
        if (length <= 0) throw new IllegalArgumentException("length must be positive: " + length);
        int prot = access == Access.READ ? PROT_READ : PROT_READ | PROT_WRITE;
        String detail = "%s, offset %d, %d bytes".formatted(fd, offset, length);
        long address = MMAP.call(detail, MemorySegment.NULL, length, prot, MAP_SHARED, fd.get(), offset); // MAP_FAILED is -1
        MemorySegment mapped = MemorySegment.ofAddress(address).reinterpret(length, arena, Mmap::unmap);
        return access == Access.READ ? mapped.asReadOnly() : mapped;
    }

    private static void unmap(MemorySegment segment) {
        try {
            MUNMAP.call("0x" + Long.toHexString(segment.address()), segment.address(), segment.byteSize());
        } catch (NativeException ignored) {
            // munmap only fails for a range that was never mapped; this one was, by map()
        }
    }
}
