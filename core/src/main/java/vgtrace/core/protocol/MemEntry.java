package vgtrace.core.protocol;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;

/** {@code struct virtio_gpu_mem_entry} (16 bytes): one guest-physical backing range. */
public record MemEntry(long addr, int length, int padding) {

    public static final int SIZE = 16;

    private static final long ADDR = Layouts.offset(Layouts.MEM_ENTRY, "addr");
    private static final long LENGTH = Layouts.offset(Layouts.MEM_ENTRY, "length");
    private static final long PADDING = Layouts.offset(Layouts.MEM_ENTRY, "padding");

    public static MemEntry of(long addr, int length) {
        return new MemEntry(addr, length, 0);
    }

    /**
     * The {@code nrEntries} entries that follow a fixed struct of {@code fixedSize} bytes; checks that
     * they are all there before allocating anything, since the count comes from the guest.
     */
    static List<MemEntry> readAll(MemorySegment s, long fixedSize, int nrEntries, CtrlHeader header)
            throws DecodeException {
        long count = Integer.toUnsignedLong(nrEntries);
        long need = count * SIZE;
        long have = s.byteSize() - fixedSize;
        if (need > have) {
            throw new DecodeException(header, "nr_entries=" + count + " needs " + need + " bytes, have " + have);
        }
        List<MemEntry> entries = new ArrayList<>((int) count);
        for (long at = fixedSize; at < fixedSize + need; at += SIZE) {
            entries.add(new MemEntry(Wire.u64(s, at + ADDR), Wire.u32(s, at + LENGTH), Wire.u32(s, at + PADDING)));
        }
        return List.copyOf(entries);
    }

    static void writeAll(MemorySegment s, long fixedSize, List<MemEntry> entries) {
        long at = fixedSize;
        for (MemEntry e : entries) {
            Wire.u64(s, at + ADDR, e.addr);
            Wire.u32(s, at + LENGTH, e.length);
            Wire.u32(s, at + PADDING, e.padding);
            at += SIZE;
        }
    }
}
