package vgtrace.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import vgtrace.core.trace.TraceMetadata;
import vgtrace.core.trace.TraceWriter;
import vgtrace.core.trace.WriterOptions;
import vgtrace.replay.BackendFailure;
import vgtrace.replay.ReplayBackend;
import vgtrace.replay.engine.FramePngs;
import vgtrace.replay.engine.Listeners;
import vgtrace.replay.engine.PlanLoader;
import vgtrace.replay.engine.ReplayEngine;
import vgtrace.replay.engine.ReplayListener;
import vgtrace.replay.engine.ReplayPlan;
import vgtrace.replay.engine.ReplayResult;
import vgtrace.replay.engine.ReplayedTrace;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "replay", description = {
        "Re-drive a device backend from a trace and check that it answers and renders as captured.",
        "",
        "Commands go out in captured order; one the guest sent after receiving a response waits for that "
                + "response from the backend, the rest pipeline. Each response, read-back and frame is compared "
                + "with the capture (volatile fields such as capset bytes normalized). The first divergence is "
                + "reported with its seq, both values and the commands before it, and the exit code is 3."})
final class ReplayCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "TRACE", description = "The trace to replay (.arrows) with payloads (a capture or a recording).")
    Path trace;

    @Mixin
    BackendOptions backendOptions;

    @Option(names = "--timing", paramLabel = "MODE", defaultValue = "asap",
            description = "asap (default): as fast as causality allows; original: keep the captured gaps.")
    String timing;

    @Option(names = "--range", paramLabel = "A..B", description = "Replay only commands with seq A..B (either end may be omitted).")
    String range;

    @Option(names = "--loop", paramLabel = "N", defaultValue = "1", description = "Replay N times, each on a fresh backend; all must give the same digest.")
    int loops;

    @Option(names = "--benchmark", description = "Print replay speed: commands/s and speed-up over the captured duration.")
    boolean benchmark;

    @Option(names = "--frames", paramLabel = "DIR", description = "Write each frame as a PNG into DIR.")
    Path framesDir;

    @Option(names = {"-o", "--output"}, paramLabel = "REPLAYED", description = "Write the replay (commands, responses, read-backs, frames) as a trace.")
    Path output;

    @Option(names = "--force", description = "Replace REPLAYED if it exists.")
    boolean force;

    @Option(names = "--stall-ms", paramLabel = "MS", defaultValue = "5000",
            description = "Give up on outstanding responses after MS ms with no progress (default: ${DEFAULT-VALUE}).")
    long stallMs;

    @Override
    public Integer call() throws IOException {
        if (loops < 1) throw new UserInputException(ExitCode.USAGE, "--loop needs N >= 1");
        ReplayEngine.Options options = new ReplayEngine.Options(timingMode(), 256, stallMs * 1_000_000L, true, true);
        PlanLoader.Range r = ReplayRanges.parse(range);
        ReplayPlan plan = PlanLoader.load(trace, r);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (plan.steps().isEmpty() && range == null && plan.truncation().isPresent()) throw TornTrace.empty(trace, plan.truncation().get());
        if (plan.steps().isEmpty()) throw new UserInputException("no commands to replay in " + trace + (range != null ? " for --range " + range : ""));
        TornTrace.notice(trace, plan).ifPresent(out::println);
        long firstDigest = 0;
        for (int loop = 1; loop <= loops; loop++) {
            ReplayResult result = runOnce(plan, options, loop == 1, err);
            if (loop == 1) firstDigest = result.digest();
            out.printf("replay%s: %,d commands, %,d completed, %,d frames, %,d read-backs in %.1f ms, digest %016x%n",
                    loops > 1 ? " " + loop + "/" + loops : "", result.issued(), result.completed(), result.frames(),
                    result.readBacks(), result.elapsedNs() / 1e6, result.digest());
            if (benchmark) {
                out.printf("benchmark: %,.0f commands/s; captured %.1f ms, replayed %.1f ms: %.1fx%n",
                        result.issued() / (result.elapsedNs() / 1e9), result.capturedNs() / 1e6, result.elapsedNs() / 1e6,
                        result.speedup());
            }
            if (result.first().isPresent()) {
                out.print(result.first().get().report());
                if (result.issuedPast() > 0) out.printf("  %,d commands after it had been issued with it (pipelined) and ran; none was issued once it was seen%n",
                        result.issuedPast());
            out.flush();
                return ExitCode.DIVERGED;
            }
            if (result.digest() != firstDigest) {
                out.printf("loop %d gave digest %016x, loop 1 gave %016x: the backend is not deterministic%n",
                        loop, result.digest(), firstDigest);
                return ExitCode.DIVERGED;
            }
        }
        out.println(plan.truncation().isPresent() ? "no divergence in the part replayed (the trace is torn)" : "no divergence");
        return ExitCode.OK;
    }

    private ReplayResult runOnce(ReplayPlan plan, ReplayEngine.Options options, boolean first, PrintWriter err)
            throws IOException {
        List<ReplayListener> listeners = new ArrayList<>();
        if (first && framesDir != null) listeners.add(new FramePngs(framesDir));
        try (ReplayProgress progress = new ReplayProgress(plan.steps().size(), err);
             ReplayBackend b = openBackend(plan);
             TraceWriter writer = first && output != null ? TraceWriter.create(output, replayedMetadata(b),
                     WriterOptions.DEFAULTS.withOverwrite(force)) : null) {
            listeners.add(progress);
            if (writer != null) listeners.add(new ReplayedTrace(writer, false));
            return new ReplayEngine(b, options, new Listeners(listeners)).run(plan);
        } catch (BackendFailure e) {
            throw new UserInputException(ExitCode.ENVIRONMENT, "the backend failed: " + e.getMessage());
        }
    }

    private TraceMetadata replayedMetadata(ReplayBackend b) {
        return TraceMetadata.of("vgtrace-replay").with("backend", b.describe()).with("replay.of", trace.getFileName().toString());
    }

    private ReplayBackend openBackend(ReplayPlan plan) throws IOException {
        try {
            return backendOptions.open(plan.displays(), plan.edids(), spec.commandLine().getErr());
        } catch (IOException e) {
            throw new UserInputException(ExitCode.ENVIRONMENT, "cannot start the backend: " + e.getMessage());
        }
    }

    private ReplayEngine.Timing timingMode() {
        return switch (timing) {
            case "asap" -> ReplayEngine.Timing.ASAP;
            case "original" -> ReplayEngine.Timing.ORIGINAL;
            default -> throw new UserInputException(ExitCode.USAGE, "--timing is asap or original, not '" + timing + "'");
        };
    }
}
