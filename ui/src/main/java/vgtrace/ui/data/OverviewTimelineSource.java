package vgtrace.ui.data;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.SmallIntVector;
import org.apache.arrow.vector.TinyIntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import vgtrace.core.trace.TraceColumn;
import vgtrace.core.trace.TraceMemory;
import vgtrace.core.trace.TraceReader;

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
 * loaded a large trace. Two passes over the Arrow batches without wire bytes (the first finds the
 * extent) gather each lane's commands, errors and fence spans into {@link #BINS} bins of equal width.
 * Its frames follow {@link DuckTimelineSource}'s rules (which lanes there are, what a tick, an error
 * and a span are) at bin resolution: zoomed in closer, a bin's commands share one column, and spans
 * start at their bin's start. It knows no single command, so {@link #nearestCommand} finds none.
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
        scan(trace, root -> {
            BigIntVector ts = vector(root, TraceColumn.TS_NS);
            for (int i = 0; i < root.getRowCount(); i++) {
                long t = ts.get(i);
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
            scan(trace, this::batch);
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

        void batch(VectorSchemaRoot root) {
            BigIntVector seq = vector(root, TraceColumn.SEQ), ts = vector(root, TraceColumn.TS_NS);
            BigIntVector pairSeq = vector(root, TraceColumn.PAIR_SEQ);
            VarCharVector kind = vector(root, TraceColumn.KIND);
            TinyIntVector queue = vector(root, TraceColumn.QUEUE);
            IntVector type = vector(root, TraceColumn.TYPE), flags = vector(root, TraceColumn.FLAGS);
            IntVector ctx = vector(root, TraceColumn.CTX_ID);
            SmallIntVector ring = vector(root, TraceColumn.RING_IDX);
            for (int i = 0; i < root.getRowCount(); i++) {
                if (is(kind, i, COMMAND)) {
                    command(seq.get(i), ts.get(i), queue.isNull(i) ? -1 : queue.get(i) & 0xff, type.getObject(i),
                            flags.isNull(i) ? 0 : flags.get(i), ctx.isNull(i) ? 0 : ctx.get(i),
                            ring.isNull(i) ? -1 : ring.get(i));
                } else if (is(kind, i, RESPONSE) && !pairSeq.isNull(i)) {
                    response(pairSeq.get(i), ts.get(i), type.getObject(i));
                }
            }
        }

        /** {@code queue} and {@code ring} are -1 when absent. */
        void command(long seq, long ts, int queue, Integer type, int flags, int ctx, int ring) {
            int bin = grid.of(ts);
            LaneBins queueLane = queue < 0 ? null : queueLane(queue);
            LaneBins ringLane = ctx == 0 ? null : ringLane(ctx, ring);
            if (queueLane != null) queueLane.tick(bin, type);
            if (ringLane != null) ringLane.tick(bin, type);
            // The cursor queue is never answered: waiting for its responses would only grow the map.
            if (queue != 1) {
                boolean fenced = (flags & 1) != 0;
                Lane spanLane = !fenced ? null : ctx == 0 ? new Lane.Queue(0) : new Lane.Ring(ctx, ring < 0 ? null : ring);
                pending.put(seq, new Pending(ts, queueLane, ringLane, spanLane, fenced));
            }
        }

        LaneBins queueLane(int queue) {
            LaneBins l = queueLanes[queue];
            if (l == null) l = queueLanes[queue] = byLane.computeIfAbsent(new Lane.Queue(queue), k -> new LaneBins());
            return l;
        }

        LaneBins ringLane(int ctx, int ring) {
            long key = ((long) ctx << 32) | (ring + 1);
            LaneBins l = ringLanes.get(key);
            if (l == null) {
                l = byLane.computeIfAbsent(new Lane.Ring(ctx, ring < 0 ? null : ring), k -> new LaneBins());
                ringLanes.put(key, l);
            }
            return l;
        }

        void response(long commandSeq, long ts, Integer type) {
            Pending p = pending.remove(commandSeq);
            if (p == null) return;
            boolean error = type != null && type >= DuckTimelineSource.ERR_FIRST && type < DuckTimelineSource.ERR_END;
            int bin = grid.of(p.tsNs());
            if (error) {
                if (p.queueLane() != null) p.queueLane().errors[bin]++;
                if (p.ringLane() != null) p.ringLane().errors[bin]++;
            }
            if (p.fenced()) spanBins(p.spanLane()).span(bin, p.tsNs(), ts, true, error);
        }
    }

    private static final byte[] COMMAND = "COMMAND".getBytes(), RESPONSE = "RESPONSE".getBytes();

    /** Whether row {@code i} of {@code kind} is {@code name}, without copying it out. */
    private static boolean is(VarCharVector kind, int i, byte[] name) {
        if (kind.isNull(i) || kind.getValueLength(i) != name.length) return false;
        long start = kind.getStartOffset(i);
        for (int b = 0; b < name.length; b++) {
            if (kind.getDataBuffer().getByte(start + b) != name[b]) return false;
        }
        return true;
    }

    private interface BatchConsumer {
        void accept(VectorSchemaRoot root) throws IOException;
    }

    private static void scan(Path trace, BatchConsumer consumer) throws IOException {
        try (BufferAllocator allocator = TraceMemory.root().newChildAllocator("overview " + trace, 0, Long.MAX_VALUE);
             TraceReader reader = TraceReader.open(trace);
             ArrowReader batches = reader.arrowReader(allocator, span -> { }, false)) {
            while (batches.loadNextBatch()) consumer.accept(batches.getVectorSchemaRoot());
        }
    }

    @SuppressWarnings("unchecked")
    private static <V> V vector(VectorSchemaRoot root, TraceColumn column) {
        return (V) root.getVector(column.columnName());
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

    private void spans(int lane, LaneBins lb, Bucketing b, int last, List<SpanBucket> out) {
        Map<Integer, long[]> byStart = new HashMap<>(); // start column -> {end column, count, longest, unsignalled, errors}
        for (int bin = 0; bin <= last; bin++) {
            if (lb.spans[bin] == 0 || lb.spanEnd[bin] < b.window().startNs()) continue;
            long[] s = byStart.computeIfAbsent(b.clampedColumnOf(grid.start(bin)), c -> new long[5]);
            s[0] = Math.max(s[0], b.clampedColumnOf(lb.spanEnd[bin]));
            s[1] += lb.spans[bin];
            s[2] = Math.max(s[2], lb.longest[bin]);
            s[3] += lb.unsignalled[bin];
            s[4] += lb.spanErrors[bin];
        }
        byStart.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
            long[] s = e.getValue();
            out.add(new SpanBucket(lane, e.getKey(), (int) s[0], s[1], s[2], s[3], s[4]));
        });
    }

    @Override
    public Optional<MessageRef> nearestCommand(Lane lane, long ts, long toleranceNs) {
        return Optional.empty();
    }
}
