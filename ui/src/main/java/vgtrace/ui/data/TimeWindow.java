package vgtrace.ui.data;

/**
 * A span of trace time, {@code [startNs, endNs)}, and the arithmetic of zooming and panning it.
 * Never empty: a window is at least {@link #MIN_SPAN_NS} long.
 */
public record TimeWindow(long startNs, long endNs) {

    /** Zooming stops at 100 ns across the whole view. */
    public static final long MIN_SPAN_NS = 100;

    public TimeWindow {
        if (endNs - startNs < MIN_SPAN_NS) endNs = startNs + MIN_SPAN_NS;
    }

    public long spanNs() {
        return endNs - startNs;
    }

    /** Whether {@code ts} falls in the window. */
    public boolean contains(long ts) {
        return ts >= startNs && ts < endNs;
    }

    /** The window scaled by {@code factor} (&lt; 1 zooms in) around the time at {@code anchor} (0..1 across). */
    public TimeWindow zoom(double factor, double anchor) {
        double a = Math.clamp(anchor, 0, 1);
        long pivot = startNs + Math.round(spanNs() * a);
        long span = Math.max(MIN_SPAN_NS, Math.round(spanNs() * factor));
        long start = pivot - Math.round(span * a);
        return new TimeWindow(start, start + span);
    }

    /** The window moved by {@code fraction} of its span (positive: later). */
    public TimeWindow pan(double fraction) {
        long shift = Math.round(spanNs() * fraction);
        return new TimeWindow(startNs + shift, endNs + shift);
    }

    /** This window kept inside {@code bounds}, shifted if it sticks out, shrunk if it is wider. */
    public TimeWindow within(TimeWindow bounds) {
        if (spanNs() >= bounds.spanNs()) return bounds;
        if (startNs < bounds.startNs) return new TimeWindow(bounds.startNs, bounds.startNs + spanNs());
        if (endNs > bounds.endNs) return new TimeWindow(bounds.endNs - spanNs(), bounds.endNs);
        return this;
    }

    /** A window of the same span centred on {@code ts}. */
    public TimeWindow centredOn(long ts) {
        long half = spanNs() / 2;
        return new TimeWindow(ts - half, ts - half + spanNs());
    }

    /** The x of time {@code ts} in a view {@code width} pixels wide. */
    public double x(long ts, double width) {
        return (ts - startNs) * width / spanNs();
    }

    /** The time at x in a view {@code width} pixels wide. */
    public long timeAt(double x, double width) {
        return startNs + Math.round(x * spanNs() / width);
    }
}
