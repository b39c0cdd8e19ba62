package vgtrace.capture.proxy;

import vgtrace.core.protocol.*;
import vgtrace.core.trace.GuestRange;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Remembers each resource's guest backing (ATTACH_BACKING entries, GUEST blob entries) and 2D width,
 * and answers which guest memory a command makes the device read:
 * <ul>
 * <li>TRANSFER_TO_HOST_2D: within backing bytes {@code offset .. offset + (h-1)*stride + w*4}, with
 *     {@code stride = width*4} of the resource (every 2D format has 4 bytes a pixel), the {@code h}
 *     rows of {@code w*4} bytes the device copies, one every {@code stride} bytes (the whole span when
 *     rows touch: a full-width transfer); a 256x256 update of a 1280-wide screen reads 256 KiB, not
 *     the 1.3 MiB span;</li>
 * <li>TRANSFER_TO_HOST_3D: {@code offset .. offset + (d-1)*layer_stride + h*stride} (whole rows, as
 *     the pixel size of a 3D format is not known here), or the backing from {@code offset} when
 *     the stride is 0;</li>
 * <li>RESOURCE_FLUSH and SET_SCANOUT_BLOB of a GUEST blob: its whole backing, which the device
 *     reads directly to show it.</li>
 * </ul>
 * Backing offsets are positions in the concatenation of the entries, as the device sees them.
 * Ranges are clipped to the backing and to {@link #MAX_BYTES} a command. Guest values are untrusted:
 * all arithmetic is in longs on unsigned fields.
 */
final class BackingTracker {

    static final long MAX_BYTES = 256L << 20;
    /** Most separate rows one transfer is split into (a 64K-line image); beyond, the reads are clipped. */
    static final int MAX_ROWS = 65536;

    /** @param ends where each entry ends in the backing (cumulative lengths), for binary search */
    private record Resource(int width, boolean guestBlob, List<MemEntry> backing, long[] ends) {
        static Resource of(int width, boolean guestBlob, List<MemEntry> entries) {
            long[] ends = new long[entries.size()];
            long at = 0;
            for (int i = 0; i < ends.length; i++) ends[i] = at += Integer.toUnsignedLong(entries.get(i).length());
            return new Resource(width, guestBlob, List.copyOf(entries), ends);
        }

        Resource withBacking(List<MemEntry> entries) {
            return of(width, guestBlob, entries);
        }

        long backingSize() {
            return ends.length == 0 ? 0 : ends[ends.length - 1];
        }

        /** The first entry that ends after backing byte {@code at}. */
        int entryAt(long at) {
            int i = java.util.Arrays.binarySearch(ends, at);
            return i >= 0 ? i + 1 : -i - 1;
        }
    }

    /** The ranges a command reads; {@code clipped} when the request went past the backing or the limit. */
    record Reads(List<GuestRange> ranges, boolean clipped) {
        static final Reads NONE = new Reads(List.of(), false);

        long bytes() {
            return ranges.stream().mapToLong(GuestRange::length).sum();
        }
    }

    private final Map<Integer, Resource> resources = new HashMap<>();

    /** Updates the resource table with a command the device accepted into its queue. */
    void observe(GpuMessage m) {
        switch (m) {
            case ResourceCreate2d c -> resources.put(c.resourceId(), Resource.of(c.width(), false, List.of()));
            case ResourceCreate3d c -> resources.put(c.resourceId(), Resource.of(0, false, List.of()));
            case ResourceCreateBlob c -> resources.put(c.resourceId(),
                    Resource.of(0, c.blobMem() == BlobMem.GUEST.code(), c.entries()));
            case ResourceAttachBacking c -> resources.computeIfPresent(c.resourceId(), (id, r) -> r.withBacking(c.entries()));
            case ResourceDetachBacking c -> resources.computeIfPresent(c.resourceId(), (id, r) -> r.withBacking(List.of()));
            case ResourceUnref c -> resources.remove(c.resourceId());
            default -> { }
        }
    }

    Reads reads(GpuMessage m) {
        return switch (m) {
            case TransferToHost2d t -> {
                Resource r = resources.get(t.resourceId());
                if (r == null || t.r().width() == 0 || t.r().height() == 0) yield Reads.NONE;
                long stride = Integer.toUnsignedLong(r.width()) * 4;
                long rowBytes = Integer.toUnsignedLong(t.r().width()) * 4;
                long rows = Integer.toUnsignedLong(t.r().height());
                if (rowBytes >= stride) yield span(r, t.offset(), add(t.offset(), add(mul(rows - 1, stride), rowBytes)));
                yield rows(r, t.offset(), rows, stride, rowBytes);
            }
            case TransferToHost3d t -> {
                Resource r = resources.get(t.resourceId());
                if (r == null) yield Reads.NONE;
                long stride = Integer.toUnsignedLong(t.stride());
                if (stride == 0) yield span(r, t.offset(), Long.MAX_VALUE);
                long depth = Math.max(1, Integer.toUnsignedLong(t.box().d()));
                long layer = Integer.toUnsignedLong(t.layerStride());
                long rows = mul(Integer.toUnsignedLong(t.box().h()), stride);
                yield span(r, t.offset(), add(t.offset(), add(mul(depth - 1, layer == 0 ? rows : layer), rows)));
            }
            case ResourceFlush f -> wholeGuestBlob(f.resourceId());
            case SetScanoutBlob s -> wholeGuestBlob(s.resourceId());
            default -> Reads.NONE;
        };
    }

    /** {@code count} runs of {@code rowBytes}, one every {@code stride} bytes from {@code start}. */
    private static Reads rows(Resource r, long start, long count, long stride, long rowBytes) {
        List<GuestRange> out = new ArrayList<>();
        boolean clipped = count > MAX_ROWS;
        long total = 0;
        long at = start;
        for (long i = 0; i < Math.min(count, MAX_ROWS) && at >= 0 && total < MAX_BYTES; i++, at = add(at, stride)) {
            Reads row = span(r, at, add(at, Math.min(rowBytes, MAX_BYTES - total)));
            clipped |= row.clipped();
            if (row.ranges().isEmpty()) break;
            out.addAll(row.ranges());
            total += row.bytes();
        }
        return new Reads(out, clipped || total >= MAX_BYTES);
    }

    /** Saturating arithmetic on non-negative values: a guest's huge numbers end at Long.MAX_VALUE. */
    private static long mul(long a, long b) {
        return Math.multiplyHigh(a, b) != 0 || a * b < 0 ? Long.MAX_VALUE : a * b;
    }

    private static long add(long a, long b) {
        long sum = a + b;
        return a >= 0 && b >= 0 && sum < 0 ? Long.MAX_VALUE : sum;
    }

    private Reads wholeGuestBlob(int resourceId) {
        Resource r = resources.get(resourceId);
        return r != null && r.guestBlob() ? span(r, 0, Long.MAX_VALUE) : Reads.NONE;
    }

    /** The guest ranges behind backing bytes {@code [start, end)}; start and end come from the guest. */
    private static Reads span(Resource r, long start, long end) {
        long size = r.backingSize();
        boolean clipped = false;
        if (start < 0 || start >= size) return new Reads(List.of(), start != size);
        if (end < start || end > size) {
            end = size;
            clipped = true;
        }
        if (end - start > MAX_BYTES) {
            end = start + MAX_BYTES;
            clipped = true;
        }
        List<GuestRange> out = new ArrayList<>();
        for (int i = r.entryAt(start); i < r.ends().length; i++) {
            MemEntry e = r.backing().get(i);
            long entryStart = r.ends()[i] - Integer.toUnsignedLong(e.length());
            long from = Math.max(start, entryStart), to = Math.min(end, r.ends()[i]);
            if (from < to) out.add(new GuestRange(e.addr() + (from - entryStart), to - from));
            if (r.ends()[i] >= end) break;
        }
        return new Reads(out, clipped);
    }
}
