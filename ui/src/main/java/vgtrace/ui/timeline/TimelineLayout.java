package vgtrace.ui.timeline;

/** Where things sit on the timeline canvas: a header column, a ruler, then one row per lane. */
record TimelineLayout(double width, double height, int laneOffset) {

    static final double HEADER_WIDTH = 150;
    static final double RULER_HEIGHT = 26;
    static final double LANE_HEIGHT = 30;
    static final double LEGEND_HEIGHT = 22;

    /** Pixel columns of the plot: one bucket per column. */
    int columns() {
        return (int) Math.max(0, Math.floor(width - HEADER_WIDTH));
    }

    double laneTop(int lane) {
        return RULER_HEIGHT + (lane - laneOffset) * LANE_HEIGHT;
    }

    /** Where the lanes end and the legend starts. */
    double plotBottom() {
        return Math.max(RULER_HEIGHT, height - LEGEND_HEIGHT);
    }

    /** Lanes that fit between the ruler and the legend. */
    int visibleLanes() {
        return (int) Math.max(0, Math.ceil((plotBottom() - RULER_HEIGHT) / LANE_HEIGHT));
    }

    /** The lane under y, or -1 (ruler or below the last lane). */
    int laneAt(double y, int laneCount) {
        if (y < RULER_HEIGHT || y >= plotBottom()) return -1;
        int lane = laneOffset + (int) ((y - RULER_HEIGHT) / LANE_HEIGHT);
        return lane < laneCount ? lane : -1;
    }

    /** The plot column under x, or -1 in the header. */
    int columnAt(double x) {
        return x < HEADER_WIDTH ? -1 : (int) Math.min(columns() - 1, Math.floor(x - HEADER_WIDTH));
    }
}
