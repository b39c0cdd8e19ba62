package vgtrace.ui.data;

import java.util.List;
import java.util.Optional;

/** The timeline's data, aggregated per pixel column so that drawing never depends on the number of messages. */
public interface TimelineSource {

    /** The lanes, queues first, then (context, ring) timelines in order. */
    List<Lane> lanes();

    /** First to last timestamp of the trace. */
    TimeWindow extent();

    /** Ticks and fence spans of every lane in {@code window}, bucketed into {@code columns} columns. */
    TimelineFrame frame(TimeWindow window, int columns);

    /** The command of {@code lane} nearest to {@code ts}, within {@code toleranceNs}. */
    Optional<MessageRef> nearestCommand(Lane lane, long ts, long toleranceNs);
}
