package vgtrace.core.trace;

import java.util.ArrayList;
import java.util.List;

/** A run of guest physical memory: {@code [gpa, gpa + length)}. A MEMORY row lists the runs its bytes came from. */
public record GuestRange(long gpa, long length) {

    public GuestRange {
        if (length <= 0) throw new IllegalArgumentException("guest range of " + length + " bytes");
    }

    /** Where the range ends (exclusive); wraps past 2^64 like the guest's unsigned addresses. */
    public long end() {
        return gpa + length;
    }

    /** {@code ranges} with each run that starts where the one before it ends merged into it. */
    public static List<GuestRange> coalesce(List<GuestRange> ranges) {
        List<GuestRange> out = new ArrayList<>(ranges.size());
        for (GuestRange r : ranges) {
            GuestRange last = out.isEmpty() ? null : out.getLast();
            if (last != null && last.end() == r.gpa()) out.set(out.size() - 1, new GuestRange(last.gpa(), last.length() + r.length()));
            else out.add(r);
        }
        return out;
    }

    /** Total bytes of {@code ranges}. */
    public static long bytes(List<GuestRange> ranges) {
        long n = 0;
        for (GuestRange r : ranges) n += r.length();
        return n;
    }
}
