package vgtrace.ui.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Pre-aggregated timeline rows for zoomed-out frames: per lane, the commands (per type) and the
 * fence spans (by submit time) of the analyzer's timeline module that fall in each of a fixed number
 * of time bins over the trace. A
 * frame whose pixel columns are at least one bin wide is summed from the bins (thousands of rows)
 * instead of the commands and fences (millions). A bin counts in the column where it starts, so such a
 * frame covers the bins that start in its window.
 *
 * <p>Both kinds of rows have one shape whether raw or binned, so a frame's SQL is the same for both:
 * ticks {@code (queue, ctx_id, ring_idx, ts, type, n)}, spans {@code (queue, ctx_id, ring_idx,
 * submit_ts, end_ts, n, longest, unsignalled, errors)}.
 */
final class BinLevels {

    /** One level: its tables and its bins of {@code binNs}, the first starting at {@code originNs}. */
    record Level(String ticks, String spans, long originNs, long binNs) {

        /** The window whose commands a frame read from this level counts: from the first bin start in it. */
        TimeWindow covered(TimeWindow w) {
            return new TimeWindow(alignDown(w.startNs() - 1) + binNs, alignDown(w.endNs() - 1) + binNs);
        }

        /** The start of the bin holding {@code ts}, as SQL over the column {@code ts}. */
        String binStart(String ts) {
            return originNs + " + (" + ts + " - " + originNs + ") // " + binNs + " * " + binNs;
        }

        private long alignDown(long ts) {
            return originNs + Math.floorDiv(ts - originNs, binNs) * binNs;
        }
    }

    /** Coarsest first; each is built from the one after it, the finest from the rows; each divides the next. */
    static final int[] BINS = {2048, 16384};

    /** The analyzer's tick rows, one per command and lane (sql/timeline.sql). */
    static final String TICKS = "timeline_ticks";

    /** The analyzer's span rows, one per fenced command (sql/timeline.sql). */
    static final String SPANS = "timeline_spans";

    private final List<Level> levels;

    BinLevels(SqlRunner sql, TimeWindow extent) {
        List<Level> built = new ArrayList<>();
        String ticksFrom = TICKS;
        String spansFrom = SPANS;
        int finest = BINS[BINS.length - 1];
        long finestNs = Math.max(1, Math.ceilDiv(extent.spanNs(), finest));
        for (int i = BINS.length - 1; i >= 0; i--) {
            // A whole number of finer bins per bin: a finer bin never straddles a coarser bin's edge.
            Level level = new Level("ui_ticks_" + BINS[i], "ui_spans_" + BINS[i], extent.startNs(),
                    finestNs * (finest / BINS[i]));
            sql.execute("CREATE OR REPLACE TEMP TABLE " + level.ticks() + " AS SELECT queue, ctx_id, ring_idx, "
                    + level.binStart("ts") + " AS ts, type, sum(n)::BIGINT AS n FROM " + ticksFrom
                    + " GROUP BY ALL ORDER BY ts");
            sql.execute("CREATE OR REPLACE TEMP TABLE " + level.spans() + " AS SELECT queue, ctx_id, ring_idx, "
                    + level.binStart("submit_ts") + " AS submit_ts, max(end_ts) AS end_ts, sum(n)::BIGINT AS n,"
                    + " max(longest) AS longest, sum(unsignalled)::BIGINT AS unsignalled, sum(errors)::BIGINT AS errors"
                    + " FROM " + spansFrom + " GROUP BY ALL ORDER BY submit_ts");
            built.addFirst(level);
            ticksFrom = level.ticks();
            spansFrom = level.spans();
        }
        this.levels = List.copyOf(built);
    }

    /** The coarsest level whose bins are no wider than a pixel column of the frame, if any. */
    Optional<Level> levelFor(TimeWindow window, int columns) {
        double pixelNs = (double) window.spanNs() / columns;
        return levels.stream().filter(l -> l.binNs() <= pixelNs).findFirst();
    }
}
