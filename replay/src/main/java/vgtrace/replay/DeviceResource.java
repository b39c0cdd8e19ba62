package vgtrace.replay;

import vgtrace.core.protocol.MemEntry;

import java.util.List;

/**
 * What the device model remembers of a resource: its size for scanout checks, its blob size for
 * map checks, and the guest mem entries of its backing (so that later guest writes reach it).
 */
record DeviceResource(int id, int width, int height, long blobSize, List<MemEntry> entries, boolean mapped) {

    DeviceResource {
        entries = List.copyOf(entries);
    }

    static DeviceResource image(int id, int width, int height) {
        return new DeviceResource(id, width, height, 0, List.of(), false);
    }

    static DeviceResource blob(int id, long size, List<MemEntry> entries) {
        return new DeviceResource(id, 0, 0, size, entries, false);
    }

    DeviceResource withEntries(List<MemEntry> e) {
        return new DeviceResource(id, width, height, blobSize, e, mapped);
    }

    DeviceResource withMapped(boolean m) {
        return new DeviceResource(id, width, height, blobSize, entries, m);
    }

    /** Total bytes of the backing. */
    long backingSize() {
        long total = 0;
        for (MemEntry e : entries) total += Integer.toUnsignedLong(e.length());
        return total;
    }
}
