package vgtrace.ui.data;

import java.util.ArrayList;
import java.util.List;

/**
 * Pre-aggregated command counts for zoomed-out frames: per lane key and type, how many commands fall
 * in each of a fixed number of time bins over the trace. A frame whose pixel columns are at least one
 * bin wide is summed from the bins (thousands of rows) instead of the commands (millions). A bin
 * counts in the column where it starts, so such a frame covers the bins that start in its window.
 */
final class TickLevels {

    /** A table of {@code bins} bins of {@code binNs} each, starting at the trace's first timestamp. */
    record Level(String table, long originNs, long binNs) {

        /** The window whose commands a frame read from this level counts: from the first bin start in it. */
        TimeWindow covered(TimeWindow w) {
            return new TimeWindow(alignUp(w.startNs()), alignUp(w.endNs()));
        }

        private long alignUp(long ts) {
            return originNs + Math.ceilDiv(ts - originNs, binNs) * binNs;
        }
    }

    /** Coarsest first; each is built from the one after it, the finest from the commands; each divides the next. */
    static final int[] BINS = {2048, 16384};

    /** The commands as rows of the same shape as a level's table (one command per row). */
    static final String COMMANDS = "(SELECT queue, ctx_id, ring_idx, ts_ns AS ts, type, 1 AS n FROM messages_raw"
            + " WHERE kind = 'COMMAND')";

    private final List<Level> levels;

    TickLevels(SqlRunner sql, TimeWindow extent) {
        List<Level> built = new ArrayList<>();
        String from = COMMANDS;
        int finest = BINS[BINS.length - 1];
        long finestNs = Math.max(1, Math.ceilDiv(extent.spanNs(), finest));
        for (int i = BINS.length - 1; i >= 0; i--) {
            // A whole number of finer bins per bin: a finer bin never straddles a coarser bin's edge.
            long binNs = finestNs * (finest / BINS[i]);
            String table = "ui_ticks_" + BINS[i];
            sql.execute("CREATE OR REPLACE TEMP TABLE " + table + " AS SELECT queue, ctx_id, ring_idx, "
                    + extent.startNs() + " + (ts - " + extent.startNs() + ") // " + binNs + " * " + binNs
                    + " AS ts, type, sum(n) AS n FROM " + from + " GROUP BY ALL ORDER BY ts");
            built.addFirst(new Level(table, extent.startNs(), binNs));
            from = table;
        }
        this.levels = List.copyOf(built);
    }

    /** The coarsest level whose bins are no wider than a pixel column of the frame, if any. */
    java.util.Optional<Level> levelFor(TimeWindow window, int columns) {
        double pixelNs = (double) window.spanNs() / columns;
        return levels.stream().filter(l -> l.binNs() <= pixelNs).findFirst();
    }
}
