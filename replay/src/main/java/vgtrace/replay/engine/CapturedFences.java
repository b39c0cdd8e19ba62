package vgtrace.replay.engine;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The fence signals a trace's FENCE rows recorded (a capture of QEMU's device through its shim):
 * per timeline ({@link FenceKey#timelineKey()}) the signalled fence ids in capture order, and the
 * fenced commands the capture shows were never signalled nor answered (a ring virglrenderer refused):
 * the replay expects no answer for them and does not wait for one.
 *
 * @param recorded whether the trace records fence signals at all; when not, they are not checked
 */
public record CapturedFences(boolean recorded, Map<FenceKey, List<Long>> signals, Set<Long> neverSignalled) {

    public static final CapturedFences NONE = new CapturedFences(false, Map.of(), Set.of());

    public CapturedFences {
        signals = Map.copyOf(signals);
        neverSignalled = Set.copyOf(neverSignalled);
    }
}
