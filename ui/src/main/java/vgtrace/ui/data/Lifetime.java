package vgtrace.ui.data;

/**
 * One resource generation, from its create to its unref: a row of the lifecycle Gantt. Times are
 * trace nanoseconds; a step that never happened is {@link #NONE}.
 *
 * @param kind        2D, 3D or BLOB
 * @param memType     blob memory (GUEST, HOST3D, HOST3D_GUEST); null for other resources
 * @param endTs       unref time, or the end of the trace when never unreferenced
 * @param leaked      never unreferenced
 * @param longMapped  left mapped at unref or at the end, or mapped longer than 95% of mapped blobs
 */
public record Lifetime(long createSeq, int resourceId, String kind, int ctxId, String memType, int blobFlags,
                       long size, int width, int height, long createTs, long attachTs, long mapTs, long unmapTs,
                       long unrefTs, long endTs, boolean leaked, boolean longMapped) {

    /** A lifecycle step that did not happen. */
    public static final long NONE = Long.MIN_VALUE;

    public boolean mapped() {
        return mapTs != NONE;
    }

    /** When the mapping ended: unmap, else unref, else the end of the trace. */
    public long mapEndTs() {
        return unmapTs != NONE ? unmapTs : endTs;
    }

    /** Blob flags as names: MAPPABLE|SHAREABLE|CROSS_DEVICE. */
    public String flagNames() {
        StringBuilder names = new StringBuilder();
        String[] known = {"MAPPABLE", "SHAREABLE", "CROSS_DEVICE"};
        for (int bit = 0; bit < known.length; bit++) {
            if ((blobFlags & (1 << bit)) != 0) names.append(names.isEmpty() ? "" : "|").append(known[bit]);
        }
        int unknown = blobFlags & ~7;
        if (unknown != 0) names.append(names.isEmpty() ? "" : "|").append("0x").append(Integer.toHexString(unknown));
        return names.isEmpty() ? "none" : names.toString();
    }
}
