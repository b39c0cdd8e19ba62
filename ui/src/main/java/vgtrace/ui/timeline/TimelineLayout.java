package vgtrace.ui.timeline;

/** Where things sit on the timeline canvas: a header column, a ruler, then one row per lane. */
record TimelineLayout(double width, double height, int laneOffset) {

    static final double HEADER_WIDTH = 150;
    static final double RULER_HEIGHT = 26;
    static final double LANE_HEIGHT = 30;

    /** Pixel columns of the plot: one bucket per column. */
    int columns() {
        return (int) Math.max(0, Math.floor(width - HEADER_WIDTH));
    }

    double laneTop(int lane) {
        return RULER_HEIGHT + (lane - laneOffset) * LANE_HEIGHT;
    }

    /** Lanes that fit below the ruler. */
    int visibleLanes() {
        return (int) Math.max(0, Math.ceil((height - RULER_HEIGHT) / LANE_HEIGHT));
    }

    /** The lane under y, or -1 (ruler or below the last lane). */
    int laneAt(double y, int laneCount) {
        if (y < RULER_HEIGHT) return -1;
        int lane = laneOffset + (int) ((y - RULER_HEIGHT) / LANE_HEIGHT);
        return lane < laneCount ? lane : -1;
    }

    /** The plot column under x, or -1 in the header. */
    int columnAt(double x) {
        return x < HEADER_WIDTH ? -1 : (int) Math.min(columns() - 1, Math.floor(x - HEADER_WIDTH));
    }
}
