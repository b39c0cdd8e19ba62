package vgtrace.replay.engine;

import vgtrace.core.protocol.CtrlHeader;
import vgtrace.core.protocol.CtrlType;
import vgtrace.core.protocol.GpuCodec;
import vgtrace.core.protocol.OkNodata;
import vgtrace.replay.Completion;
import vgtrace.replay.ReplayBackend;
import vgtrace.replay.Submission;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A backend for engine tests: answers OK_NODATA at once, except for the seqs in {@code held}, which
 * it answers only from {@link #await} (as a fence signalling later would), or never when
 * {@code releaseHeld} is false (a fence that never signals). Records every batch.
 */
final class FakeBackend implements ReplayBackend {

    final List<List<Long>> batches = new ArrayList<>();
    final List<Long> completedOrder = new ArrayList<>();
    private final Set<Long> held;
    private final boolean releaseHeld;
    private final List<Long> waiting = new ArrayList<>();

    FakeBackend(Set<Long> held, boolean releaseHeld) {
        this.held = held;
        this.releaseHeld = releaseHeld;
    }

    static byte[] ok() {
        return GpuCodec.encode(new OkNodata(CtrlHeader.of(CtrlType.RESP_OK_NODATA)));
    }

    @Override
    public List<Completion> execute(List<Submission> batch) {
        batches.add(batch.stream().map(Submission::seq).toList());
        List<Completion> out = new ArrayList<>();
        for (Submission s : batch) {
            if (held.contains(s.seq())) waiting.add(s.seq());
            else out.add(complete(s.seq()));
        }
        return out;
    }

    @Override
    public List<Completion> await(long maxWaitNanos) {
        List<Completion> out = new ArrayList<>();
        if (!releaseHeld) return out;
        for (long seq : waiting) out.add(complete(seq));
        waiting.clear();
        return out;
    }

    private Completion complete(long seq) {
        completedOrder.add(seq);
        return new Completion(seq, ok(), List.of());
    }

    @Override
    public String describe() {
        return "fake";
    }

    @Override
    public void close() {
    }
}
