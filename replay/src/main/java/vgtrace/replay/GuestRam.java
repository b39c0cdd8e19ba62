package vgtrace.replay;

import java.util.HashMap;
import java.util.Map;

/**
 * Sparse guest physical memory rebuilt from a trace: 4 KiB pages that exist once written, zeros
 * elsewhere. A trace is untrusted, so the pages held are capped; a write past the cap is refused.
 */
public final class GuestRam {

    static final int PAGE = 4096;

    private final Map<Long, byte[]> pages = new HashMap<>();
    private final long maxPages;

    public GuestRam(long maxBytes) {
        this.maxPages = maxBytes / PAGE;
    }

    /** Writes {@code bytes} at {@code addr}; false (and nothing written) when it would exceed the cap or wrap. */
    public boolean write(long addr, byte[] bytes, int from, int length) {
        if (length == 0) return true;
        if (addr < 0 || addr + length < addr || newPages(addr, length) + pages.size() > maxPages) return false;
        int done = 0;
        while (done < length) {
            long at = addr + done;
            int inPage = (int) (at % PAGE);
            int n = Math.min(PAGE - inPage, length - done);
            System.arraycopy(bytes, from + done, pages.computeIfAbsent(at / PAGE, p -> new byte[PAGE]), inPage, n);
            done += n;
        }
        return true;
    }

    /** {@code length} bytes at {@code addr}; unwritten memory reads as zeros. */
    public byte[] read(long addr, int length) {
        byte[] out = new byte[length];
        int done = 0;
        while (done < length) {
            long at = addr + done;
            int inPage = (int) Long.remainderUnsigned(at, PAGE);
            int n = Math.min(PAGE - inPage, length - done);
            byte[] page = pages.get(Long.divideUnsigned(at, PAGE));
            if (page != null) System.arraycopy(page, inPage, out, done, n);
            done += n;
        }
        return out;
    }

    private long newPages(long addr, int length) {
        long count = 0;
        for (long p = addr / PAGE; p <= (addr + length - 1) / PAGE; p++) {
            if (!pages.containsKey(p)) count++;
        }
        return count;
    }
}
