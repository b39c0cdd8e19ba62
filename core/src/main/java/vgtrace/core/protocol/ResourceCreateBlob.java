package vgtrace.core.protocol;

import java.lang.foreign.MemorySegment;
import java.util.List;

/**
 * VIRTIO_GPU_CMD_RESOURCE_CREATE_BLOB: a blob resource ({@link BlobMem}, {@link BlobFlag}s); for
 * guest-backed blobs {@code nr_entries} {@link MemEntry}s follow the struct. The count field is kept
 * and must equal the list's size.
 */
public record ResourceCreateBlob(CtrlHeader header, int resourceId, int blobMem, int blobFlags, int nrEntries,
        long blobId, long size, List<MemEntry> entries) implements GpuCommand {

    private static final long RESOURCE_ID = Layouts.offset(Layouts.RESOURCE_CREATE_BLOB, "resource_id");
    private static final long BLOB_MEM = Layouts.offset(Layouts.RESOURCE_CREATE_BLOB, "blob_mem");
    private static final long BLOB_FLAGS = Layouts.offset(Layouts.RESOURCE_CREATE_BLOB, "blob_flags");
    private static final long NR_ENTRIES = Layouts.offset(Layouts.RESOURCE_CREATE_BLOB, "nr_entries");
    private static final long BLOB_ID = Layouts.offset(Layouts.RESOURCE_CREATE_BLOB, "blob_id");
    private static final long SIZE = Layouts.offset(Layouts.RESOURCE_CREATE_BLOB, "size");
    static final long FIXED_SIZE = Layouts.RESOURCE_CREATE_BLOB.byteSize();

    public ResourceCreateBlob {
        Require.type(header, CtrlType.RESOURCE_CREATE_BLOB);
        entries = List.copyOf(entries);
        Require.count(nrEntries, entries.size(), "nr_entries");
    }

    /** The command with {@code nr_entries} set from the list. */
    public static ResourceCreateBlob of(CtrlHeader header, int resourceId, int blobMem, int blobFlags, long blobId,
                                        long size, List<MemEntry> entries) {
        return new ResourceCreateBlob(header, resourceId, blobMem, blobFlags, entries.size(), blobId, size, entries);
    }

    static ResourceCreateBlob decode(CtrlHeader h, MemorySegment s) throws DecodeException {
        int nrEntries = Wire.u32(s, NR_ENTRIES);
        return new ResourceCreateBlob(h, Wire.u32(s, RESOURCE_ID), Wire.u32(s, BLOB_MEM), Wire.u32(s, BLOB_FLAGS),
                nrEntries, Wire.u64(s, BLOB_ID), Wire.u64(s, SIZE),
                MemEntry.readAll(s, FIXED_SIZE, nrEntries, h));
    }

    void encodeBody(MemorySegment s) {
        Wire.u32(s, RESOURCE_ID, resourceId);
        Wire.u32(s, BLOB_MEM, blobMem);
        Wire.u32(s, BLOB_FLAGS, blobFlags);
        Wire.u32(s, NR_ENTRIES, nrEntries);
        Wire.u64(s, BLOB_ID, blobId);
        Wire.u64(s, SIZE, size);
        MemEntry.writeAll(s, FIXED_SIZE, entries);
    }
}
