package vgtrace.replay.engine;

import vgtrace.core.protocol.CtrlHeader;
import vgtrace.replay.virgl.FenceSignal;

/**
 * One fence of one timeline: the device's global (ctx0) timeline, or the ring of a context. Global
 * fence ids are kept to their low 32 bits, which is all virglrenderer's {@code write_fence} reports.
 */
public record FenceKey(FenceSignal.Timeline timeline, int ctxId, int ringIdx, long fenceId) {

    /** The fence a fenced command asks for, or a FENCE row's header names. */
    static FenceKey of(CtrlHeader h) {
        return h.hasRing() ? new FenceKey(FenceSignal.Timeline.CONTEXT, h.ctxId(), h.ringIdx(), h.fenceId())
                : new FenceKey(FenceSignal.Timeline.GLOBAL, 0, 0, h.fenceId() & 0xffffffffL);
    }

    static FenceKey of(FenceSignal s) {
        return s.timeline() == FenceSignal.Timeline.CONTEXT
                ? new FenceKey(s.timeline(), s.ctxId(), s.ringIdx(), s.fenceId())
                : new FenceKey(s.timeline(), 0, 0, s.fenceId() & 0xffffffffL);
    }

    /** This key with fence id 0: the timeline alone. */
    FenceKey timelineKey() {
        return new FenceKey(timeline, ctxId, ringIdx, 0);
    }

    String describe() {
        return (timeline == FenceSignal.Timeline.GLOBAL ? "global timeline" : "ctx " + ctxId + " ring " + ringIdx)
                + " fence " + Long.toUnsignedString(fenceId);
    }
}
