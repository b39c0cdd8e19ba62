package vgtrace.replay.engine;

import vgtrace.core.protocol.CtrlType;
import vgtrace.core.protocol.DecodeException;
import vgtrace.core.protocol.GpuCodec;
import vgtrace.core.protocol.GpuMessage;
import vgtrace.core.protocol.ResourceFlush;
import vgtrace.core.protocol.ResourceUnref;
import vgtrace.core.protocol.SetScanout;
import vgtrace.core.trace.TraceEvent;
import vgtrace.core.vhost.DisplayRequest;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;

/**
 * Gives the display UPDATE rows of a proxy capture (which carry no flush) to the RESOURCE_FLUSH that
 * made them. The back-end handles commands in ring order and sends each flush's UPDATEs before it
 * returns the flush, one per scanout that shows the flushed resource (QEMU's contrib/vhost-user-gpu
 * {@code vg_resource_flush}); the display channel is one ordered stream. So the n-th UPDATE of a
 * scanout belongs to the n-th successful flush of a resource that scanout showed, with the scanouts
 * followed through the commands and their captured responses: SET_SCANOUT shows or blanks one,
 * RESOURCE_UNREF blanks those showing the resource. Response rows may come after the UPDATEs (the
 * relay and the rings are read by two threads), so rows are collected first and matched at the end.
 */
public final class FrameAttribution {

    private record Command(long seq, GpuMessage message) {}

    /** An UPDATE row by its seq, with its content hash (null when the capture could not decode it). */
    private record Update(long row, Long hash) {}

    private final List<Command> commands = new ArrayList<>();
    private final Map<Long, Boolean> succeeded = new HashMap<>();
    private final Map<Integer, Queue<Update>> updates = new HashMap<>();

    /** A COMMAND row; only those that change or use the scanouts are kept. */
    public void command(TraceEvent row) {
        if (row.payload() == null) return;
        try {
            GpuMessage m = GpuCodec.decode(row.payload());
            if (m instanceof SetScanout || m instanceof ResourceUnref || m instanceof ResourceFlush) {
                commands.add(new Command(row.seq(), m));
            }
        } catch (DecodeException e) {
            // the back-end refuses it too: it changes no scanout
        }
    }

    /** A RESPONSE row: whether its command took effect. */
    public void response(TraceEvent row) {
        if (row.header() != null) succeeded.put(row.pairSeq(), row.header().type() == CtrlType.RESP_OK_NODATA.code());
    }

    /**
     * A DISPLAY row; an UPDATE of the display channel with no flush of its own is queued for its
     * scanout. One the capture could not decode (no scanout, no hash) cannot be placed and is skipped.
     */
    public void display(TraceEvent row) {
        if (row.pairSeq() != TraceEvent.NO_SEQ || !DisplayRequest.UPDATE.name().equals(row.text())) return;
        Integer scanout = row.fields().scanoutId();
        // An UPDATE the capture could not decode has no scanout to queue on: it is skipped.
        if (scanout != null) updates.computeIfAbsent(scanout, s -> new ArrayDeque<>()).add(new Update(row.seq(), row.contentHash()));
    }

    /**
     * @param frames       the frames of each flush that has one, by the flush's seq
     * @param knownThrough seq of the last flush an UPDATE went to ({@link TraceEvent#NO_SEQ} when none):
     *                     later flushes' frames were not recorded (the capture stopped, or the file is torn)
     * @param flushOfUpdate the flush each UPDATE row (by seq) went to
     */
    public record Frames(Map<Long, List<Observed.FrameKey>> frames, long knownThrough, Map<Long, Long> flushOfUpdate) {}

    public Frames frames() {
        Map<Long, List<Observed.FrameKey>> out = new HashMap<>();
        Map<Long, Long> flushOfUpdate = new HashMap<>();
        long knownThrough = TraceEvent.NO_SEQ;
        Map<Integer, Integer> shown = new TreeMap<>(); // scanout -> resource
        for (Command c : commands) {
            if (!succeeded.getOrDefault(c.seq(), true)) continue; // a capture cut before the answer: it ran
            switch (c.message()) {
                case SetScanout s when s.resourceId() == 0 -> shown.remove(s.scanoutId());
                case SetScanout s -> shown.put(s.scanoutId(), s.resourceId());
                case ResourceUnref u -> shown.values().removeIf(r -> r == u.resourceId());
                case ResourceFlush f -> {
                    for (Map.Entry<Integer, Integer> e : shown.entrySet()) {
                        Queue<Update> queue = updates.get(e.getKey());
                        if (e.getValue() != f.resourceId() || queue == null || queue.isEmpty()) continue;
                        Update update = queue.remove();
                        knownThrough = c.seq();
                        flushOfUpdate.put(update.row(), c.seq());
                        if (update.hash() != null) out.computeIfAbsent(c.seq(), s -> new ArrayList<>())
                                .add(new Observed.FrameKey(e.getKey(), f.resourceId(), update.hash()));
                    }
                }
                default -> { }
            }
        }
        return new Frames(out, knownThrough, flushOfUpdate);
    }
}
