package vgtrace.replay.engine;

import vgtrace.core.protocol.DisplayMode;
import vgtrace.core.protocol.OkEdid;
import vgtrace.core.trace.TraceMetadata;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The commands a replay issues, in captured order, with what each needs and what the capture saw.
 *
 * @param steps         in captured order
 * @param responseOrder indices into {@code steps}, in the order their captured responses arrived
 * @param displays      the outputs the captured GET_DISPLAY_INFO reported, when the trace has one
 * @param edids         the first RESP_OK_EDID the capture answered for each scanout (none: no GET_EDID)
 * @param metadata      the trace's metadata
 * @param durationNs    captured time from the first to the last row of the plan
 * @param fences        the fence signals the capture recorded
 */
public record ReplayPlan(List<Step> steps, int[] responseOrder, Optional<List<DisplayMode>> displays,
                         Map<Integer, OkEdid> edids, TraceMetadata metadata, long durationNs, CapturedFences fences) {

    public ReplayPlan {
        steps = List.copyOf(steps);
        edids = Map.copyOf(edids);
        responseOrder = responseOrder.clone();
    }

    /** A plan of a trace that records no fence signals. */
    public ReplayPlan(List<Step> steps, int[] responseOrder, Optional<List<DisplayMode>> displays,
                      Map<Integer, OkEdid> edids, TraceMetadata metadata, long durationNs) {
        this(steps, responseOrder, displays, edids, metadata, durationNs, CapturedFences.NONE);
    }

    @Override
    public int[] responseOrder() {
        return responseOrder.clone();
    }

    int responseAt(int i) {
        return responseOrder[i];
    }

    int responses() {
        return responseOrder.length;
    }
}
