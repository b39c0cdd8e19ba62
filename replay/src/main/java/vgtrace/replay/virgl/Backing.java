package vgtrace.replay.virgl;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;

/**
 * The native memory behind one resource: its regions (the guest pages of the mem entries) and the
 * iovec array pointing at them. virglrenderer keeps both pointers until the backing is detached
 * or the resource is unreferenced, so they live in an arena of their own, closed only then.
 * Created and used on the renderer thread only.
 */
final class Backing implements AutoCloseable {

    private final Arena arena;
    private final MemorySegment iovecs;
    private final List<MemorySegment> regions;
    private final long size;

    private Backing(Arena arena, MemorySegment iovecs, List<MemorySegment> regions, long size) {
        this.arena = arena;
        this.iovecs = iovecs;
        this.regions = regions;
        this.size = size;
    }

    /** Copies {@code regions} into fresh native memory, one iovec each. */
    static Backing copyOf(byte[]... regions) {
        Arena arena = Arena.ofConfined();
        MemorySegment iovecs = arena.allocate(VirglLibrary.IOVEC, Math.max(1, regions.length));
        List<MemorySegment> segments = new ArrayList<>(regions.length);
        long total = 0;
        long baseAt = VirglLibrary.offset(VirglLibrary.IOVEC, "iov_base");
        long lenAt = VirglLibrary.offset(VirglLibrary.IOVEC, "iov_len");
        for (int i = 0; i < regions.length; i++) {
            byte[] bytes = regions[i];
            MemorySegment region = arena.allocate(Math.max(1, bytes.length), 16).asSlice(0, bytes.length);
            MemorySegment.copy(bytes, 0, region, JAVA_BYTE, 0, bytes.length);
            MemorySegment iovec = iovecs.asSlice(i * VirglLibrary.IOVEC.byteSize(), VirglLibrary.IOVEC);
            iovec.set(ADDRESS, baseAt, region);
            iovec.set(JAVA_LONG, lenAt, bytes.length);
            segments.add(region);
            total += bytes.length;
        }
        return new Backing(arena, iovecs, List.copyOf(segments), total);
    }

    MemorySegment iovecs() {
        return iovecs;
    }

    int count() {
        return regions.size();
    }

    long size() {
        return size;
    }

    /** The regions' bytes, concatenated in order. */
    byte[] read(String call) {
        if (size > Integer.MAX_VALUE - 8) throw new VirglException(call, "backing of " + size + " bytes is too large for one array");
        byte[] out = new byte[(int) size];
        int at = 0;
        for (MemorySegment r : regions) {
            MemorySegment.copy(r, JAVA_BYTE, 0, out, at, (int) r.byteSize());
            at += (int) r.byteSize();
        }
        return out;
    }

    /** Overwrites bytes at {@code offset} of the concatenated regions, as a guest write to its pages. */
    void write(String call, long offset, byte[] data) {
        if (offset < 0 || offset > size || data.length > size - offset) {
            throw new VirglException(call, "write of " + data.length + " bytes at offset " + offset
                    + " falls outside the " + size + "-byte backing");
        }
        int from = 0;
        long regionStart = 0;
        for (MemorySegment r : regions) {
            long regionEnd = regionStart + r.byteSize();
            long at = offset + from;
            if (from < data.length && at < regionEnd) {
                int n = (int) Math.min(data.length - from, regionEnd - at);
                MemorySegment.copy(data, from, r, JAVA_BYTE, at - regionStart, n);
                from += n;
            }
            regionStart = regionEnd;
        }
    }

    @Override
    public void close() {
        arena.close();
    }
}
