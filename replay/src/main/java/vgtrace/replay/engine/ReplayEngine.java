package vgtrace.replay.engine;

import vgtrace.core.protocol.CtrlHeader;
import vgtrace.replay.Completion;
import vgtrace.replay.ReplayBackend;
import vgtrace.replay.Submission;
import vgtrace.replay.virgl.FenceSignal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;

/**
 * Drives a backend through a plan. Commands go out in captured order; a command waits until the
 * backend has returned every response the guest had received before it sent that command (causal
 * order), everything else pipelines in batches (one backend hop each). With {@link Timing#ORIGINAL}
 * a command also keeps its captured gap to the command before it. A fenced command the capture shows
 * was never signalled nor answered is not waited for (and must not be answered); the backend's fence
 * signals are checked against the captured ones ({@link FenceCheck}) when the trace records them.
 */
public final class ReplayEngine {

    public enum Timing { ASAP, ORIGINAL }

    /**
     * @param timing      ASAP or the captured gaps
     * @param maxBatch    commands per backend hop at most
     * @param stallNs     how long to wait with nothing completing before declaring outstanding
     *                    responses missing
     * @param verify      compare with the capture
     * @param stopAtFirst stop issuing commands after the first divergence
     */
    public record Options(Timing timing, int maxBatch, long stallNs, boolean verify, boolean stopAtFirst) {
        public static final Options DEFAULTS = new Options(Timing.ASAP, 256, 5_000_000_000L, true, true);

        public Options withTiming(Timing t) {
            return new Options(t, maxBatch, stallNs, verify, stopAtFirst);
        }

        public Options withVerify(boolean v) {
            return new Options(timing, maxBatch, stallNs, v, stopAtFirst);
        }
    }

    private static final long MAX_WAIT_NS = 50_000_000L;

    /** How many commands before a divergence its report lists. */
    static final int LEADING = 8;

    private final ReplayBackend backend;
    private final Options options;
    private final ReplayListener listener;

    public ReplayEngine(ReplayBackend backend, Options options, ReplayListener listener) {
        this.backend = backend;
        this.options = options;
        this.listener = listener;
    }

    /** Replays {@code plan}; IO errors come only from the listener (writing the replayed trace). */
    public ReplayResult run(ReplayPlan plan) throws IOException {
        return new Run(plan).go();
    }

    private final class Run {
        final ReplayPlan plan;
        final List<Step> steps;
        final Map<Long, Integer> index = new HashMap<>();
        final boolean[] completed;
        final long[] digests;
        final Set<Integer> outstanding = new LinkedHashSet<>();
        final List<Divergence> divergences = new ArrayList<>();
        final Map<FenceKey, Integer> fencedSteps = new HashMap<>();
        final FenceCheck fenceCheck;
        final long start = System.nanoTime();
        long anchorNs = System.nanoTime(), anchorTs;
        int next, issued, satisfied, done, frames, readBacks;
        int checkedResponses, checkedReadBacks, checkedFrames;
        long stopSeq = Long.MAX_VALUE;

        Run(ReplayPlan plan) {
            this.plan = plan;
            this.steps = plan.steps();
            for (int i = 0; i < steps.size(); i++) {
                index.put(steps.get(i).seq(), i);
                byte[] wire = steps.get(i).wire();
                if (wire.length >= CtrlHeader.SIZE && CtrlHeader.read(wire).fenced()) {
                    fencedSteps.putIfAbsent(FenceKey.of(CtrlHeader.read(wire)), i);
                }
            }
            fenceCheck = plan.fences().recorded() ? new FenceCheck(plan.fences().signals()) : null;
            completed = new boolean[steps.size()];
            digests = new long[steps.size()];
            anchorTs = steps.isEmpty() ? 0 : steps.getFirst().tsNs();
        }

        ReplayResult go() throws IOException {
            long lastProgress = System.nanoTime();
            while (true) {
                List<Step> batch = nextBatch();
                if (!batch.isEmpty()) {
                    issue(batch);
                    lastProgress = System.nanoTime();
                    continue;
                }
                if (outstanding.isEmpty() && next >= steps.size()) break;
                if (outstanding.isEmpty()) {
                    waitUntilDue();
                    continue;
                }
                // Blocked on responses: wait for them (the backend returns at the first); else until the next is due.
                long wait = blockedOnResponses() ? MAX_WAIT_NS : Math.min(MAX_WAIT_NS, untilDue());
                List<Completion> got = backend.await(wait);
                checkFences();
                if (!got.isEmpty()) {
                    handle(got);
                    lastProgress = System.nanoTime();
                } else if (System.nanoTime() - lastProgress > options.stallNs() && blockedOnResponses()) {
                    break;
                }
            }
            reportMissing();
            divergences.sort(Comparator.comparingLong(Divergence::seq));
            long digest = 0;
            for (long d : digests) digest = digest * 1_000_003 + d;
            long firstSeq = divergences.isEmpty() ? Long.MAX_VALUE : divergences.getFirst().seq();
            int issuedPast = (int) steps.subList(0, issued).stream().filter(s -> s.seq() > firstSeq).count();
            var checked = new ReplayResult.Checked(checkedResponses, checkedReadBacks, checkedFrames,
                    fenceCheck == null ? 0 : fenceCheck.checked());
            return new ReplayResult(issued, done, frames, readBacks, checked, divergences, issuedPast, digest,
                    System.nanoTime() - start, plan.durationNs());
        }

        /**
         * Ready commands: causally unblocked, due, and not after a divergence. A command whose trace
         * memory is unusable diverges here, before it is sent, and ends the batch.
         */
        List<Step> nextBatch() {
            List<Step> batch = new ArrayList<>();
            while (next < steps.size() && batch.size() < options.maxBatch()) {
                Step s = steps.get(next);
                if (s.seq() > stopSeq) {
                    next = steps.size();
                    break;
                }
                if (s.requiredResponses() > satisfied || !due(s)) break;
                batch.add(s);
                anchorNs = System.nanoTime();
                anchorTs = s.tsNs();
                next++;
                if (s.fault() != null && options.verify()) {
                    diverge(new Divergence(s.seq(), Divergence.Kind.MEMORY, s.text(), "guest memory as captured",
                            s.fault(), leading(next - 1)));
                    break;
                }
            }
            return batch;
        }

        /** True when waiting can no longer help: nothing is due to be issued, only responses are awaited. */
        boolean blockedOnResponses() {
            return next >= steps.size() || steps.get(next).requiredResponses() > satisfied;
        }

        boolean due(Step s) {
            return untilDue(s) == 0;
        }

        /**
         * Time left before {@code s} may go out: with ORIGINAL timing it keeps its captured gap to the
         * last command issued (gaps, not absolute offsets, so a slow stretch does not make the rest a burst).
         */
        long untilDue(Step s) {
            if (options.timing() == Timing.ASAP) return 0;
            return Math.max(0, (s.tsNs() - anchorTs) - (System.nanoTime() - anchorNs));
        }

        long untilDue() {
            return next >= steps.size() ? Long.MAX_VALUE : untilDue(steps.get(next));
        }

        void waitUntilDue() {
            long wait = untilDue();
            if (wait > 0 && wait != Long.MAX_VALUE) LockSupport.parkNanos(wait);
        }

        void issue(List<Step> batch) throws IOException {
            List<Submission> submissions = new ArrayList<>(batch.size());
            long now = System.nanoTime() - start;
            for (Step s : batch) {
                int i = index.get(s.seq());
                if (!plan.fences().neverSignalled().contains(s.seq())) outstanding.add(i);
                issued++;
                listener.issued(s, now);
                submissions.add(s.submission());
            }
            List<Completion> got = backend.execute(submissions);
            checkFences();
            handle(got);
        }

        /** The backend's fence signals since the last look, against the captured ones (before the responses they caused). */
        void checkFences() {
            for (FenceSignal signal : backend.takeFenceSignals()) {
                if (fenceCheck == null || !options.verify()) continue;
                FenceKey key = FenceKey.of(signal);
                int i = fencedSteps.getOrDefault(key, Math.max(0, next - 1));
                fenceCheck.accept(key).ifPresent(p -> diverge(new Divergence(steps.get(i).seq(), Divergence.Kind.FENCE,
                        steps.get(i).text(), p.expected(), p.actual(), leading(i))));
            }
        }

        void handle(List<Completion> completions) throws IOException {
            long now = System.nanoTime() - start;
            for (Completion c : completions) {
                Integer i = index.get(c.seq());
                if (i == null || completed[i]) continue;
                completed[i] = true;
                outstanding.remove(i);
                done++;
                Step s = steps.get(i);
                Observed actual = Observed.of(c);
                frames += actual.frames().size();
                readBacks += actual.readBacks().size();
                digests[i] = actual.digest();
                listener.completed(s, c, now);
                if (options.verify()) verify(s, i, actual);
            }
            while (satisfied < plan.responses() && completed[plan.responseAt(satisfied)]) satisfied++;
        }

        void verify(Step s, int i, Observed actual) {
            Observed expected = s.captured();
            if (expected.response() != null) checkedResponses++;
            checkedReadBacks += expected.readBacks().size();
            checkedFrames += expected.frames().size();
            if (plan.fences().neverSignalled().contains(s.seq()) && actual.response() != null) {
                diverge(new Divergence(s.seq(), Divergence.Kind.RESPONSE, s.text(),
                        "no response (the capture shows its fence never signalled)", Step.describe(actual.response()), leading(i)));
                return;
            }
            Verifier.check(s, expected, actual, Verifier.Mode.of(plan, s), () -> leading(i)).ifPresent(this::diverge);
        }

        void diverge(Divergence d) {
            divergences.add(d);
            if (options.stopAtFirst()) stopSeq = Math.min(stopSeq, d.seq());
        }

        void reportMissing() {
            if (!options.verify()) return;
            for (int i : outstanding) {
                Step s = steps.get(i);
                if (s.captured().response() != null) {
                    diverge(new Divergence(s.seq(), Divergence.Kind.MISSING_RESPONSE, s.text(),
                            Step.describe(s.captured().response()), "no response after "
                            + options.stallNs() / 1_000_000 + " ms (a fence that never signalled?)", leading(i)));
                }
            }
        }

        List<String> leading(int i) {
            List<String> out = new ArrayList<>();
            for (int k = Math.max(0, i - LEADING); k < i; k++) out.add("seq " + steps.get(k).seq() + ": " + steps.get(k).text());
            return out;
        }
    }
}
