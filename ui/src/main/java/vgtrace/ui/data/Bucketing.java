package vgtrace.ui.data;

/**
 * The SQL that maps a timestamp to its pixel column: {@code floor((ts - start) * columns / span)}, so a
 * window of {@code columns} pixels yields at most {@code columns} buckets per lane. The scale is
 * inlined as a double literal (it changes with every zoom; DuckDB re-plans a query in microseconds).
 */
record Bucketing(TimeWindow window, int columns) {

    Bucketing {
        if (columns <= 0) throw new IllegalArgumentException("columns must be > 0: " + columns);
    }

    private String scaled(String ts) {
        double perNs = (double) columns / window.spanNs();
        return "floor((" + ts + " - " + window.startNs() + ") * " + perNs + "::DOUBLE)";
    }

    /** The column of a timestamp known to be inside the window. */
    String column(String ts) {
        return "least(" + (columns - 1) + ", " + scaled(ts) + ")::INTEGER";
    }

    /** The column of any timestamp, clamped to the view (spans may start before or end after it). */
    String clampedColumn(String ts) {
        return "greatest(0, least(" + (columns - 1) + ", " + scaled(ts) + "))::INTEGER";
    }

    /** {@link #clampedColumn} computed here, for timelines not read from DuckDB. */
    int clampedColumnOf(long ts) {
        double perNs = (double) columns / window.spanNs();
        return (int) Math.clamp((long) Math.floor((ts - window.startNs()) * perNs), 0, columns - 1);
    }
}
