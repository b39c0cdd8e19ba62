package vgtrace.replay.reduce;

import vgtrace.core.protocol.ResourceAttachBacking;
import vgtrace.core.protocol.ResourceCreateBlob;
import vgtrace.core.protocol.ResourceMapBlob;
import vgtrace.core.protocol.TransferFromHost3d;
import vgtrace.core.trace.GuestRange;
import vgtrace.core.trace.TraceEvent;
import vgtrace.core.trace.TraceSink;

import java.io.IOException;
import java.util.HashSet;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;

/**
 * Writes the part of a trace that a set of its commands makes: those commands with their responses,
 * memory and frames, every fence signal and METADATA row, and the UPDATEs of the flushes kept. Guest
 * memory a dropped command carried (a capture's rows hold only what changed, so later rows count on
 * it) goes to the next kept command that reads no read-back, as its input, when a kept command's
 * backing covers it; a mapped blob's bytes likewise when the blob's map is kept.
 */
public final class Subset {

    /** Longer mem entries than this are not searched back for (a backing is at most 1 GiB in a replay). */
    private static final long MAX_ENTRY = 1L << 30;

    private Subset() {
    }

    /** Writes {@code commands} of {@code trace} (each with the closure it needs: see {@link CommandGraph}) to {@code out}. */
    public static void write(TraceRows trace, SortedSet<Long> commands, TraceSink out) throws IOException {
        RowCopy copy = new RowCopy(trace, out);
        TreeMap<Long, Long> backings = new TreeMap<>();
        Set<Integer> mapped = new HashSet<>();
        for (long c : commands) {
            switch (trace.message(c).orElse(null)) {
                case ResourceAttachBacking a -> a.entries().forEach(e -> backings.merge(e.addr(), e.addr() + Integer.toUnsignedLong(e.length()), Math::max));
                case ResourceCreateBlob b -> b.entries().forEach(e -> backings.merge(e.addr(), e.addr() + Integer.toUnsignedLong(e.length()), Math::max));
                case ResourceMapBlob m -> mapped.add(m.resourceId());
                case null, default -> { }
            }
        }
        for (TraceEvent r : trace.rows()) {
            switch (r.kind()) {
                case COMMAND -> {
                    if (commands.contains(r.seq())) copy.copy(r, r.seq(), TraceEvent.NO_SEQ);
                }
                case RESPONSE -> {
                    if (commands.contains(r.pairSeq())) copy.copy(r, r.seq(), r.pairSeq());
                }
                case DISPLAY -> {
                    if (commands.contains(r.pairSeq()) || trace.flushOf(r).filter(commands::contains).isPresent()) {
                        copy.copy(r, r.seq(), r.pairSeq());
                    }
                }
                case MEMORY -> {
                    if (commands.contains(r.pairSeq())) copy.copy(r, r.seq(), r.pairSeq());
                    else if (r.isBlobMemory() ? mapped.contains(r.fields().resourceId()) : covered(r, backings)) {
                        long pair = nextInput(trace, commands, r.pairSeq());
                        if (pair != TraceEvent.NO_SEQ) copy.copy(r, r.seq(), pair);
                    }
                }
                case FENCE, METADATA -> copy.copy(r, r.seq(), TraceEvent.NO_SEQ);
                case NOTE -> { }
            }
        }
    }

    /** Whether a guest MEMORY row holds bytes of any of {@code backings} (start to end). */
    private static boolean covered(TraceEvent row, TreeMap<Long, Long> backings) {
        for (GuestRange g : row.ranges()) {
            var below = backings.lowerEntry(g.gpa() + g.length());
            for (var e = below; e != null; e = backings.lowerEntry(e.getKey())) {
                if (e.getValue() > g.gpa()) return true;
                if (e.getKey() + MAX_ENTRY < g.gpa()) break;
            }
        }
        return false;
    }

    /** The first kept command after {@code seq} that takes guest memory as input (not a TRANSFER_FROM_HOST_3D). */
    private static long nextInput(TraceRows trace, SortedSet<Long> commands, long seq) {
        if (seq == TraceEvent.NO_SEQ) return TraceEvent.NO_SEQ;
        for (long c : commands.tailSet(seq + 1)) {
            if (!(trace.message(c).orElse(null) instanceof TransferFromHost3d)) return c;
        }
        return TraceEvent.NO_SEQ;
    }
}
