package vgtrace.replay.engine;

import vgtrace.core.protocol.DisplayMode;
import vgtrace.core.protocol.OkEdid;
import vgtrace.core.trace.TraceMetadata;
import vgtrace.core.trace.Truncation;

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
 * @param framesKnownThrough the frames of every flush up to this seq are known (no frame is a fact);
 *                      {@link vgtrace.core.trace.TraceEvent#NO_SEQ} when the trace holds no frame
 * @param metadata      the trace's metadata
 * @param truncation    how the trace ended early (a torn file: only its complete batches are in the plan)
 * @param durationNs    captured time from the first to the last row of the plan
 * @param fences        the fence signals the capture recorded
 */
public record ReplayPlan(List<Step> steps, int[] responseOrder, Optional<List<DisplayMode>> displays,
                         Map<Integer, OkEdid> edids, long framesKnownThrough, TraceMetadata metadata, Optional<Truncation> truncation,
                         long durationNs, CapturedFences fences) {

    public ReplayPlan {
        steps = List.copyOf(steps);
        edids = Map.copyOf(edids);
        responseOrder = responseOrder.clone();
    }

    /** A plan made, not loaded: whole, with no captured frames or fence signals. */
    public ReplayPlan(List<Step> steps, int[] responseOrder, TraceMetadata metadata, long durationNs) {
        this(steps, responseOrder, Optional.empty(), Map.of(), vgtrace.core.trace.TraceEvent.NO_SEQ, metadata,
                Optional.empty(), durationNs, CapturedFences.NONE);
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
