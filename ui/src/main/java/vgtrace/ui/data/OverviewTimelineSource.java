package vgtrace.ui.data;

import vgtrace.core.protocol.CtrlType;
import vgtrace.core.trace.TraceEvent;
import vgtrace.core.trace.TraceScan;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A {@link TimelineSource} read straight from the trace file, for the seconds before DuckDB has
 * loaded a large trace. Two passes of {@link TraceScan} (the first finds the extent) gather each
 * lane's commands, errors and fence spans into {@link #BINS} bins of equal width. Its frames follow
 * the analyzer's timeline module (sql/timeline.sql: which lanes there are, what a tick, an error and
 * a span are; errors by {@link CtrlType#isError}) at bin resolution: zoomed in closer, a bin's
 * commands share one column, and spans start at their bin's start. It knows no single command, so
 * {@link #nearestCommand} finds none.
 */
public final class OverviewTimelineSource implements TimelineSource {

    /** Bins over the extent: a few times the pixels of a wide plot. */
    static final int BINS = 4096;

    private final TimeWindow extent;
    private final Bins grid;
    private final List<Lane> lanes;
    private final List<LaneBins> bins;

    /** {@link #BINS} bins of equal width over the extent. */
    private record Bins(TimeWindow extent, long binNs) {
        Bins(TimeWindow extent) {
            this(extent, Math.max(1, Math.ceilDiv(extent.spanNs(), BINS)));
        }

        int of(long ts) {
            return (int) Math.clamp((ts - extent.startNs()) / binNs, 0, BINS - 1);
        }

        long start(int bin) {
            return extent.startNs() + bin * binNs;
        }
    }

    /** One lane's bins. Span fields describe the fences whose submit falls in the bin. */
    private static final class LaneBins {
        final long[] count = new long[BINS];
        final long[] errors = new long[BINS];
        final Map<Integer, long[]> byType = new HashMap<>();
        final long[] spans = new long[BINS];
        final long[] spanEnd = new long[BINS];
        final long[] longest = new long[BINS];
        final long[] unsignalled = new long[BINS];
        final long[] spanErrors = new long[BINS];

        void tick(int bin, Integer type) {
            count[bin]++;
            byType.computeIfAbsent(type == null ? 0 : type, t -> new long[BINS])[bin]++;
        }

        void span(int bin, long submitNs, long endNs, boolean signalled, boolean error) {
            spanEnd[bin] = spans[bin] == 0 ? endNs : Math.max(spanEnd[bin], endNs);
            spans[bin]++;
            longest[bin] = Math.max(longest[bin], endNs - submitNs);
            if (!signalled) unsignalled[bin]++;
            if (error) spanErrors[bin]++;
        }
    }

    /** A command waiting for its response: where its error or fence span goes. */
    private record Pending(long tsNs, LaneBins queueLane, LaneBins ringLane, Lane spanLane, boolean fenced) {
    }

    private OverviewTimelineSource(TimeWindow extent, List<Lane> lanes, List<LaneBins> bins) {
        this.extent = extent;
        this.grid = new Bins(extent);
        this.lanes = List.copyOf(lanes);
        this.bins = List.copyOf(bins);
    }

    /**
     * Reads {@code trace}'s overview: about a second for 10M messages.
     *
     * @throws IOException when the file is not a readable trace
     */
    public static OverviewTimelineSource read(Path trace) throws IOException {
        long[] minMax = {Long.MAX_VALUE, Long.MIN_VALUE};
        TraceScan.scan(trace, rows -> {
            for (int i = 0; i < rows.count(); i++) {
                long t = rows.tsNs(i);
                minMax[0] = Math.min(minMax[0], t);
                minMax[1] = Math.max(minMax[1], t);
            }
        });
        TimeWindow extent = minMax[0] > minMax[1] ? new TimeWindow(0, 1) : new TimeWindow(minMax[0], minMax[1] + 1);
        return new Builder(extent).read(trace);
    }

    /** The second pass: commands into their lanes, responses onto their commands. */
    private static final class Builder {
        final TimeWindow extent;
        final Bins grid;
        final Map<Lane, LaneBins> byLane = new HashMap<>();
        final Map<Lane, LaneBins> spanOnly = new HashMap<>();
        final Map<Long, Pending> pending = new HashMap<>();
        /** Lane lookups without a Lane a row: queue lanes by queue, ring lanes by (ctx, ring + 1). */
        final LaneBins[] queueLanes = new LaneBins[256];
        final Map<Long, LaneBins> ringLanes = new HashMap<>();

        Builder(TimeWindow extent) {
            this.extent = extent;
            this.grid = new Bins(extent);
        }

        OverviewTimelineSource read(Path trace) throws IOException {
            TraceScan.scan(trace, this::batch);
            long end = extent.endNs() - 1;
            for (Pending p : pending.values()) {
                if (p.fenced()) spanBins(p.spanLane()).span(grid.of(p.tsNs()), p.tsNs(), end, false, false);
            }
            // Lanes are those with commands, as in DuckTimelineSource; spans on any other lane are not drawn.
            List<Lane> lanes = new ArrayList<>(byLane.keySet());
            lanes.sort(Comparator.comparing((Lane l) -> l instanceof Lane.Ring)
                    .thenComparingInt(l -> l instanceof Lane.Queue q ? q.queue() : ((Lane.Ring) l).ctx())
                    .thenComparing(l -> l instanceof Lane.Ring r ? r.ring() : null,
                            Comparator.nullsFirst(Comparator.naturalOrder())));
            return new OverviewTimelineSource(extent, lanes, lanes.stream().map(byLane::get).toList());
        }

        /** The bins a span on {@code lane} goes to: the lane's own, or a stand-in when it has no commands. */
        LaneBins spanBins(Lane lane) {
            LaneBins own = byLane.get(lane);
            return own != null ? own : spanOnly.computeIfAbsent(lane, l -> new LaneBins());
        }

        void batch(TraceScan.Rows rows) {
            for (int i = 0; i < rows.count(); i++) {
                switch (rows.kind(i)) {
                    case COMMAND -> command(rows.seq(i), rows.tsNs(i), rows.queue(i), rows.type(i), rows.fenced(i),
                            rows.ctxId(i), rows.ringIdx(i));
                    case RESPONSE -> {
                        if (rows.pairSeq(i) != TraceEvent.NO_SEQ)
                            response(rows.pairSeq(i), rows.tsNs(i), rows.type(i));
                    }
                    default -> { }
                }
            }
        }

        /** {@code queue} is -1 when absent. */
        void command(long seq, long ts, int queue, Integer type, boolean fenced, int ctx, Integer ring) {
            int bin = grid.of(ts);
            LaneBins queueLane = queue < 0 ? null : queueLane(queue);
            LaneBins ringLane = ctx == 0 ? null : ringLane(ctx, ring);
            if (queueLane != null) queueLane.tick(bin, type);
            if (ringLane != null) ringLane.tick(bin, type);
            // The cursor queue is never answered: waiting for its responses would only grow the map.
            if (queue != 1) {
                Lane spanLane = !fenced ? null : ctx == 0 ? new Lane.Queue(0) : new Lane.Ring(ctx, ring);
                pending.put(seq, new Pending(ts, queueLane, ringLane, spanLane, fenced));
            }
        }

        LaneBins queueLane(int queue) {
            LaneBins l = queueLanes[queue];
            if (l == null) l = queueLanes[queue] = byLane.computeIfAbsent(new Lane.Queue(queue), k -> new LaneBins());
            return l;
        }

        LaneBins ringLane(int ctx, Integer ring) {
            long key = ((long) ctx << 32) | (ring == null ? 0 : ring + 1);
            LaneBins l = ringLanes.get(key);
            if (l == null) {
                l = byLane.computeIfAbsent(new Lane.Ring(ctx, ring), k -> new LaneBins());
                ringLanes.put(key, l);
            }
            return l;
        }

        void response(long commandSeq, long ts, Integer type) {
            Pending p = pending.remove(commandSeq);
            if (p == null) return;
            boolean error = type != null && CtrlType.isError(type);
            int bin = grid.of(p.tsNs());
            if (error) {
                if (p.queueLane() != null) p.queueLane().errors[bin]++;
                if (p.ringLane() != null) p.ringLane().errors[bin]++;
            }
            if (p.fenced()) spanBins(p.spanLane()).span(bin, p.tsNs(), ts, true, error);
        }
    }

    @Override
    public List<Lane> lanes() {
        return lanes;
    }

    @Override
    public TimeWindow extent() {
        return extent;
    }

    @Override
    public TimelineFrame frame(TimeWindow window, int columns) {
        if (columns <= 0) return TimelineFrame.empty(window, 0);
        Bucketing b = new Bucketing(window, columns);
        int last = grid.of(window.endNs() - 1);
        List<TickBucket> ticks = new ArrayList<>();
        List<SpanBucket> spans = new ArrayList<>();
        for (int lane = 0; lane < bins.size(); lane++) {
            LaneBins lb = bins.get(lane);
            ticks(lane, lb, b, grid.of(window.startNs()), last, ticks);
            spans(lane, lb, b, last, spans);
        }
        return new TimelineFrame(window, columns, ticks, spans);
    }

    private void ticks(int lane, LaneBins lb, Bucketing b, int first, int last, List<TickBucket> out) {
        int columns = b.columns();
        long[] count = new long[columns], errors = new long[columns], best = new long[columns];
        int[] bestType = new int[columns];
        int[] columnOf = new int[last - first + 1];
        for (int bin = first; bin <= last; bin++) {
            columnOf[bin - first] = b.clampedColumnOf(Math.max(grid.start(bin), b.window().startNs()));
            count[columnOf[bin - first]] += lb.count[bin];
            errors[columnOf[bin - first]] += lb.errors[bin];
        }
        for (Map.Entry<Integer, long[]> e : lb.byType.entrySet()) {
            long[] perColumn = new long[columns];
            for (int bin = first; bin <= last; bin++) perColumn[columnOf[bin - first]] += e.getValue()[bin];
            for (int c = 0; c < columns; c++) {
                if (perColumn[c] > best[c]) {
                    best[c] = perColumn[c];
                    bestType[c] = e.getKey();
                }
            }
        }
        for (int c = 0; c < columns; c++) {
            if (count[c] > 0) out.add(new TickBucket(lane, c, count[c], bestType[c], errors[c]));
        }
    }

    /** The spans of one lane that start in one column, gathered from its bins. */
    private static final class SpanColumn {
        int endColumn;
        long count, longest, unsignalled, errors;
    }

    private void spans(int lane, LaneBins lb, Bucketing b, int last, List<SpanBucket> out) {
        Map<Integer, SpanColumn> byStart = new HashMap<>();
        for (int bin = 0; bin <= last; bin++) {
            if (lb.spans[bin] == 0 || lb.spanEnd[bin] < b.window().startNs()) continue;
            SpanColumn s = byStart.computeIfAbsent(b.clampedColumnOf(grid.start(bin)), c -> new SpanColumn());
            s.endColumn = Math.max(s.endColumn, b.clampedColumnOf(lb.spanEnd[bin]));
            s.count += lb.spans[bin];
            s.longest = Math.max(s.longest, lb.longest[bin]);
            s.unsignalled += lb.unsignalled[bin];
            s.errors += lb.spanErrors[bin];
        }
        byStart.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
            SpanColumn s = e.getValue();
            out.add(new SpanBucket(lane, e.getKey(), s.endColumn, s.count, s.longest, s.unsignalled, s.errors));
        });
    }

    @Override
    public Optional<MessageRef> nearestCommand(Lane lane, long ts, long toleranceNs) {
        return Optional.empty();
    }
}
