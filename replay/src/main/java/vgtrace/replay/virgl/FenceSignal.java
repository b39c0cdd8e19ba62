package vgtrace.replay.virgl;

/**
 * A fence virglrenderer reported as signalled. {@link Timeline#GLOBAL} fences come from
 * {@code write_fence} (the ctx0 timeline of {@code create_fence}; the id is a u32 and one signal
 * may stand for every earlier fence); {@link Timeline#CONTEXT} fences come from
 * {@code write_context_fence} for ({@code ctxId}, {@code ringIdx}).
 */
public record FenceSignal(Timeline timeline, int ctxId, int ringIdx, long fenceId) {

    public enum Timeline { GLOBAL, CONTEXT }

    static FenceSignal global(int fenceId) {
        return new FenceSignal(Timeline.GLOBAL, 0, 0, Integer.toUnsignedLong(fenceId));
    }

    static FenceSignal context(int ctxId, int ringIdx, long fenceId) {
        return new FenceSignal(Timeline.CONTEXT, ctxId, ringIdx, fenceId);
    }
}
