package vgtrace.replay.engine;

import vgtrace.core.protocol.CtrlHeader;
import vgtrace.core.protocol.CtrlType;
import vgtrace.core.protocol.CtxCreate;
import vgtrace.core.protocol.GpuCodec;
import vgtrace.core.protocol.OkNodata;
import vgtrace.core.protocol.Submit3d;
import vgtrace.core.trace.TraceMetadata;
import vgtrace.replay.VirglBackend;
import vgtrace.replay.virgl.VirglStream;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Prints replay figures on in-process virglrenderer (figures, not assertions):
 * <ol>
 * <li>small commands per second: unfenced SUBMIT_3D of one NOP packet with no causal waits, each
 *     decoded, executed, answered and verified against a captured OK_NODATA (goal: 100k/s);</li>
 * <li>speed-up with {@code --timing asap} over the captured duration of the scripted sample
 *     recorded with 60 frames at 60 Hz (goal: 5x).</li>
 * </ol>
 * Usage: {@code ReplayBench [commands] [frames]}.
 */
public final class ReplayBench {

    private ReplayBench() {
    }

    public static void main(String[] args) throws IOException {
        run(args.length > 0 ? Integer.parseInt(args[0]) : 200_000, args.length > 1 ? Integer.parseInt(args[1]) : 60,
                System.out);
    }

    /** Runs both figures, printing them to {@code out}. */
    public static void run(int commands, int frames, java.io.PrintStream out) throws IOException {
        ReplayPlan small = smallCommands(commands);
        for (int round = 1; round <= 3; round++) { // round 1 warms up the JIT and llvmpipe
            try (VirglBackend backend = VirglBackend.open(VirglBackend.Config.defaults())) {
                ReplayResult r = new ReplayEngine(backend, ReplayEngine.Options.DEFAULTS, ReplayListener.NONE).run(small);
                check(r);
                out.printf("small commands, round %d: %,d in %.1f ms = %,.0f commands/s%n", round, r.issued(),
                        r.elapsedNs() / 1e6, r.issued() / (r.elapsedNs() / 1e9));
            }
        }
        Path dir = Files.createTempDirectory("vgtrace-bench");
        Path sample = dir.resolve("sample.arrows");
        try {
            try (VirglBackend backend = VirglBackend.open(VirglBackend.Config.defaults())) {
                SampleRecorder.record(backend, sample, frames, true);
            }
            ReplayPlan plan = PlanLoader.load(sample, PlanLoader.Range.ALL);
            for (int round = 1; round <= 3; round++) {
                try (VirglBackend backend = VirglBackend.open(VirglBackend.Config.defaults())) {
                    ReplayResult r = new ReplayEngine(backend, ReplayEngine.Options.DEFAULTS, ReplayListener.NONE).run(plan);
                    check(r);
                    out.printf("sample (%d frames), round %d: captured %.1f ms, replayed asap in %.1f ms: %.1fx%n",
                            frames, round, r.capturedNs() / 1e6, r.elapsedNs() / 1e6, r.speedup());
                }
            }
        } finally {
            Files.deleteIfExists(sample);
            Files.deleteIfExists(dir);
        }
    }

    private static void check(ReplayResult r) {
        if (r.first().isPresent()) throw new IllegalStateException("the bench replay diverged:\n" + r.first().get().report());
    }

    /** CTX_CREATE, then {@code n} unfenced one-NOP submits, all sent without waiting. */
    static ReplayPlan smallCommands(int n) {
        byte[] ok = GpuCodec.encode(new OkNodata(CtrlHeader.of(CtrlType.RESP_OK_NODATA)));
        Observed answered = new Observed(ok, List.of(), List.of());
        CtrlHeader ctx = CtrlHeader.of(CtrlType.SUBMIT_3D).withContext(1);
        byte[] nop = GpuCodec.encode(Submit3d.of(ctx, new VirglStream().nop().toBytes()));
        List<Step> steps = new ArrayList<>(n + 1);
        steps.add(new Step(0, 0, 0, GpuCodec.encode(CtxCreate.of(CtrlHeader.of(CtrlType.CTX_CREATE).withContext(1), 0, "bench")),
                List.of(), answered, 0, null));
        for (int i = 1; i <= n; i++) steps.add(new Step(i, i, 0, nop, List.of(), answered, 1, null));
        int[] order = new int[n + 1];
        for (int i = 0; i <= n; i++) order[i] = i;
        return new ReplayPlan(steps, order, TraceMetadata.of("bench"), n);
    }
}
