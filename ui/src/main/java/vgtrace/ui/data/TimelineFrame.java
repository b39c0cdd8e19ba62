package vgtrace.ui.data;

import java.util.List;

/** What the timeline draws for one window at one width: at most one tick and one span bucket per lane and column. */
public record TimelineFrame(TimeWindow window, int columns, List<TickBucket> ticks, List<SpanBucket> spans) {

    public TimelineFrame {
        ticks = List.copyOf(ticks);
        spans = List.copyOf(spans);
    }

    /** Nothing to draw yet. */
    public static TimelineFrame empty(TimeWindow window, int columns) {
        return new TimelineFrame(window, columns, List.of(), List.of());
    }
}
