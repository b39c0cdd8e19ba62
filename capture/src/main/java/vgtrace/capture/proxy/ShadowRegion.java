package vgtrace.capture.proxy;

import vgtrace.core.os.Fd;
import vgtrace.core.os.MemFd;
import vgtrace.core.os.Mmap;
import vgtrace.core.os.NativeException;
import vgtrace.core.vhost.MemoryRegion;
import vgtrace.core.virtq.GuestMemory;
import vgtrace.core.virtq.SplitRing;

import java.lang.foreign.Arena;
import java.util.List;

/**
 * The proxy's own memory, shared with the back-end as one more region of the memory table: per snooped
 * queue, a shadow available ring (written by the proxy) and a shadow used ring (written by the
 * back-end). Its addresses are fixed and far from anything real, so no guest memory table can overlap
 * them and the back-end's ring addresses stay valid across table changes: guest physical 2^56 (beyond
 * the 52-bit physical address width of every architecture vhost-user runs on) and front-end virtual
 * 2^62 (a non-canonical address no process can have mapped); the back-end uses both only to translate.
 * Each queue has a fixed slot big enough for the largest queue (32768 entries), so the region is laid
 * out before any queue size is known.
 */
final class ShadowRegion implements AutoCloseable {

    static final long GPA = 1L << 56, USER_ADDR = 1L << 62;
    private static final long AVAIL_SPAN = 128 << 10;                    // 4 + 2 * 32768 + 2 bytes at most
    private static final long SLOT = 512 << 10;                          // avail span + 4 + 8 * 32768 + 2 at most
    static {
        assert AVAIL_SPAN >= 4 + 2L * SplitRing.MAX_SIZE + 2 && SLOT - AVAIL_SPAN >= 4 + 8L * SplitRing.MAX_SIZE + 2;
    }

    private final Fd fd;
    private final Arena arena;
    private final GuestMemory.Region region;

    private ShadowRegion(Fd fd, Arena arena, GuestMemory.Region region) {
        this.fd = fd;
        this.arena = arena;
        this.region = region;
    }

    /** A zeroed region with a slot for each of {@code queues} queues. */
    static ShadowRegion create(int queues) throws NativeException {
        long size = queues * SLOT;
        Fd fd = MemFd.create("vgtrace-shadow-rings", size, false);
        Arena arena = Arena.ofShared();
        try {
            return new ShadowRegion(fd, arena, new GuestMemory.Region(GPA, Mmap.map(fd, 0, size, Mmap.Access.READ_WRITE, arena)));
        } catch (NativeException | RuntimeException e) {
            arena.close();
            fd.close();
            throw e;
        }
    }

    /** The fd to send with the memory table entry. */
    Fd fd() {
        return fd;
    }

    /** The entry to append to a SET_MEM_TABLE sent to the back-end. */
    MemoryRegion tableEntry() {
        return new MemoryRegion(GPA, region.bytes().byteSize(), USER_ADDR, 0);
    }

    /** Whether {@code regions} (a front-end's table) leave the shadow's two address ranges free. */
    boolean fitsBeside(List<MemoryRegion> regions) {
        long size = region.bytes().byteSize();
        return regions.stream().noneMatch(r -> overlap(r.guestPhysAddr(), r.memorySize(), GPA, size)
                || overlap(r.userspaceAddr(), r.memorySize(), USER_ADDR, size));
    }

    private static boolean overlap(long start, long length, long otherStart, long otherLength) {
        return Long.compareUnsigned(start, otherStart + otherLength) < 0 && Long.compareUnsigned(otherStart, start + length) < 0;
    }

    /** The region in guest physical terms, to open the shadow rings over. */
    GuestMemory.Region memory() {
        return region;
    }

    long availGpa(int queue) {
        return GPA + queue * SLOT;
    }

    long usedGpa(int queue) {
        return availGpa(queue) + AVAIL_SPAN;
    }

    /** The back-end's view (front-end virtual addresses) of a guest physical address in the region. */
    static long userAddr(long gpa) {
        return gpa - GPA + USER_ADDR;
    }

    /** Unmaps and closes; idempotent, like the proxy's close. */
    @Override
    public void close() {
        if (arena.scope().isAlive()) arena.close();
        fd.close();
    }
}
