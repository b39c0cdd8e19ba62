package vgtrace.core.protocol;

import java.lang.foreign.MemorySegment;
import java.util.List;

/**
 * VIRTIO_GPU_CMD_RESOURCE_ATTACH_BACKING: gives a resource guest pages as backing; {@code nr_entries}
 * {@link MemEntry}s follow the struct. The count field is kept and must equal the list's size.
 */
public record ResourceAttachBacking(CtrlHeader header, int resourceId, int nrEntries, List<MemEntry> entries)
        implements GpuCommand {

    private static final long RESOURCE_ID = Layouts.offset(Layouts.RESOURCE_ATTACH_BACKING, "resource_id");
    private static final long NR_ENTRIES = Layouts.offset(Layouts.RESOURCE_ATTACH_BACKING, "nr_entries");
    static final long FIXED_SIZE = Layouts.RESOURCE_ATTACH_BACKING.byteSize();

    public ResourceAttachBacking {
        Require.type(header, CtrlType.RESOURCE_ATTACH_BACKING);
        entries = List.copyOf(entries);
        Require.count(nrEntries, entries.size(), "nr_entries");
    }

    /** The command with {@code nr_entries} set from the list. */
    public static ResourceAttachBacking of(CtrlHeader header, int resourceId, List<MemEntry> entries) {
        return new ResourceAttachBacking(header, resourceId, entries.size(), entries);
    }

    static ResourceAttachBacking decode(CtrlHeader h, MemorySegment s) throws DecodeException {
        int nrEntries = Wire.u32(s, NR_ENTRIES);
        return new ResourceAttachBacking(h, Wire.u32(s, RESOURCE_ID), nrEntries,
                MemEntry.readAll(s, FIXED_SIZE, nrEntries, h));
    }

    void encodeBody(MemorySegment s) {
        Wire.u32(s, RESOURCE_ID, resourceId);
        Wire.u32(s, NR_ENTRIES, nrEntries);
        MemEntry.writeAll(s, FIXED_SIZE, entries);
    }
}
