package vgtrace.ui.data;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.LongRange;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TimeWindowTest {

    @Property
    void zoomKeepsTheAnchorInPlace(@ForAll @LongRange(min = 0, max = 1_000_000_000L) long start,
                                   @ForAll @LongRange(min = 1_000, max = 1_000_000_000L) long span,
                                   @ForAll @DoubleRange(min = 0.01, max = 100) double factor,
                                   @ForAll @DoubleRange(min = 0, max = 1) double anchor) {
        TimeWindow w = new TimeWindow(start, start + span);
        long before = w.timeAt(anchor * 1000, 1000);
        TimeWindow z = w.zoom(factor, anchor);
        assertTrue(Math.abs(z.timeAt(anchor * 1000, 1000) - before) <= 2 + span / 1000, w + " -> " + z);
        assertTrue(z.spanNs() >= TimeWindow.MIN_SPAN_NS);
    }

    @Property
    void withinStaysInsideTheBounds(@ForAll @LongRange(min = -1_000_000, max = 2_000_000) long start,
                                    @ForAll @LongRange(min = 100, max = 3_000_000) long span) {
        TimeWindow bounds = new TimeWindow(0, 1_000_000);
        TimeWindow w = new TimeWindow(start, start + span).within(bounds);
        assertTrue(w.startNs() >= 0 && w.endNs() <= 1_000_000, w.toString());
        assertEquals(Math.min(span, 1_000_000), w.spanNs());
    }

    @Property
    void xAndTimeAtAreInverse(@ForAll @LongRange(min = 0, max = 1_000_000) long offset) {
        TimeWindow w = new TimeWindow(5_000, 1_005_000);
        long ts = 5_000 + offset;
        assertTrue(Math.abs(w.timeAt(w.x(ts, 800), 800) - ts) <= 1);
    }
}
