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
import vgtrace.replay.virgl.VirglException;
import vgtrace.replay.virgl.VirglRenderer;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

@Command(name = "replay", description = {
        "Re-drive a device backend from a trace and check that it answers and renders as captured.",
        "",
        "Commands go out in captured order; one the guest sent after receiving a response waits for that "
                + "response from the backend, the rest pipeline. Each response, read-back and frame is compared "
                + "with the capture (volatile fields such as capset bytes normalized). The first divergence is "
                + "reported with its seq, both values and the commands before it, and the exit code is 3.",
        "",
        "A trace that names the virglrenderer it was captured on (a QEMU capture) replays on that build: "
                + "this machine's when it is the same, else the Debian suite's that ships it, in a replay root "
                + "made once under ~/.cache/vgtrace/roots (needs root). --virgl picks builds; several give a matrix."})
final class ReplayCommand implements Callable<Integer> {

    /** The METADATA key a QEMU capture names its virglrenderer's Debian version with. */
    static final String CAPTURED_BUILD = "virglrenderer_debian";

    @Spec
    CommandSpec spec;

    ReplayRoots roots = ReplayRoots.inUserCache();

    @Parameters(index = "0", paramLabel = "TRACE", description = "The trace to replay (.arrows) with payloads (a capture or a recording).")
    Path trace;

    @Mixin
    BackendOptions backendOptions;

    @Option(names = "--timing", paramLabel = "MODE", defaultValue = "asap",
            description = "asap (default): as fast as causality allows; original: keep the captured gaps.")
    ReplayEngine.Timing timing;

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

    @Option(names = "--virgl", paramLabel = "VERSION", split = ",",
            description = "Replay on these virglrenderer builds, one matrix row each: a Debian version (0.10.4: bookworm, "
                    + "1.1: trixie, 1.3: sid; this machine's when it has that version), installed (this machine's), "
                    + "or the path of a libvirglrenderer.so. Default: the build the trace names, else this machine's.")
    List<String> virgl;

    @Option(names = "--json", description = "Print the outcome as JSON, an array of one object per build (for scripts).")
    boolean json;

    @Option(names = "--stall-ms", paramLabel = "MS", defaultValue = "5000",
            description = "Give up on outstanding responses after MS ms with no progress (default: ${DEFAULT-VALUE}).")
    long stallMs;

    @Override
    public Integer call() throws IOException {
        if (loops < 1) throw new UserInputException(ExitCode.USAGE, "--loop needs N >= 1");
        ReplayEngine.Options options = new ReplayEngine.Options(timing, 256, stallMs * 1_000_000L, true, true);
        PlanLoader.Range r = ReplayRanges.parse(range);
        ReplayPlan plan = PlanLoader.load(trace, r);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (plan.steps().isEmpty() && range == null && plan.truncation().isPresent()) throw TornTrace.empty(trace, plan.truncation().get());
        if (plan.steps().isEmpty()) throw new UserInputException("no commands to replay in " + trace + (range != null ? " for --range " + range : ""));
        List<VirglBuild> builds = builds(plan, err);
        if (builds.size() > 1 || json && builds.stream().anyMatch(b -> b instanceof VirglBuild.Suite)) return matrix(builds, out, err);
        if (!builds.isEmpty()) {
            switch (builds.getFirst()) {
                case VirglBuild.Installed _ -> { }
                case VirglBuild.Library l -> useLibrary(l);
                case VirglBuild.Suite s -> {
                    Path root = roots.prepare(s.suite(), "virglrenderer " + s.label(), err);
                    return ChildReplay.passThrough(roots.inRoot(root, ChildReplay.binds(hostDirs()),
                            ChildReplay.command(childArgs("installed", false))));
                }
            }
        }
        return replayHere(plan, options, out, err);
    }

    private int replayHere(ReplayPlan plan, ReplayEngine.Options options, PrintWriter out, PrintWriter err) throws IOException {
        TornTrace.notice(trace, plan).ifPresent(out::println);
        long firstDigest = 0;
        ErrorAnswers errors = new ErrorAnswers();
        for (int loop = 1; loop <= loops; loop++) {
            ReplayResult result = runOnce(plan, options, loop == 1 ? errors : null, err);
            if (loop == 1) firstDigest = result.digest();
            int exit = result.first().isPresent() || result.digest() != firstDigest ? ExitCode.DIVERGED : ExitCode.OK;
            if (json) {
                if (exit != ExitCode.OK || loop == loops) {
                    out.println(ReplayReport.toJson(List.of(ReplayReport.of("installed", thisLibrary(), exit, result, errors.answers()))));
                    out.flush();
                    return exit;
                }
                continue;
            }
            out.printf("replay%s: %,d commands, %,d completed, %,d frames, %,d read-backs in %.1f ms, digest %016x%n",
                    loops > 1 ? " " + loop + "/" + loops : "", result.issued(), result.completed(), result.frames(),
                    result.readBacks(), result.elapsedNs() / 1e6, result.digest());
            var c = result.checked();
            out.printf("checked against the capture: %,d responses, %,d read-backs, %,d frames, %,d fence signals%n",
                    c.responses(), c.readBacks(), c.frames(), c.fences());
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

    /**
     * The builds to replay on: those of --virgl; else the one the trace names when it is not this
     * machine's; else none (this process, as always).
     */
    private List<VirglBuild> builds(ReplayPlan plan, PrintWriter err) {
        Optional<String> installed = DebianPackages.installedVersion(Path.of("/"), DebianPackages.VIRGLRENDERER);
        if (virgl != null && !virgl.isEmpty()) {
            if (!backendOptions.inProcessVirgl()) {
                throw new UserInputException(ExitCode.USAGE, "--virgl picks virglrenderer builds; it does not go with a vhost-user backend");
            }
            return virgl.stream().map(v -> VirglBuild.parse(v, installed)).toList();
        }
        String named = plan.metadata().extras().get(CAPTURED_BUILD);
        if (named == null || !backendOptions.inProcessVirgl()) return List.of();
        try {
            VirglBuild b = VirglBuild.captured(plan.metadata(), installed).orElseThrow();
            if (b instanceof VirglBuild.Installed) return List.of();
            err.println("vgtrace: the trace was captured on virglrenderer " + named + "; replaying on that build ("
                    + "--virgl installed replays on this machine's " + installed.orElse("libvirglrenderer.so.1") + ")");
            return List.of(b);
        } catch (UserInputException e) {
            err.println("vgtrace: the trace was captured on virglrenderer " + named + ", which no known Debian suite ships: "
                    + "replaying on this machine's");
            return List.of();
        }
    }

    private int matrix(List<VirglBuild> builds, PrintWriter out, PrintWriter err) throws IOException {
        if (builds.size() > 1 && (output != null || framesDir != null)) {
            throw new UserInputException(ExitCode.USAGE, "-o and --frames keep one replay: give --virgl one VERSION");
        }
        List<ReplayReport> rows = new ReplayMatrix(roots, v -> childArgs(v, true), hostDirs(), err).run(builds);
        if (json) out.println(ReplayReport.toJson(rows));
        else ReplayMatrix.print(rows, out);
        out.flush();
        return ReplayMatrix.exitCode(rows);
    }

    /** This command's options for a child replay on {@code --virgl virglValue}, with paths made absolute. */
    private List<String> childArgs(String virglValue, boolean asJson) {
        List<String> a = new ArrayList<>(List.of("replay", trace.toAbsolutePath().toString(), "--timing", timing.name().toLowerCase(),
                "--loop", String.valueOf(loops), "--stall-ms", String.valueOf(stallMs), "--virgl", virglValue));
        if (range != null) a.addAll(List.of("--range", range));
        if (benchmark && !asJson) a.add("--benchmark");
        if (output != null) a.addAll(List.of("-o", output.toAbsolutePath().toString()));
        if (force) a.add("--force");
        if (framesDir != null) a.addAll(List.of("--frames", framesDir.toAbsolutePath().toString()));
        if (asJson) a.add("--json");
        return a;
    }

    /** The host directories a replay in a root reads or writes: the trace's and the outputs'. */
    private List<Path> hostDirs() throws IOException {
        List<Path> dirs = new ArrayList<>(List.of(trace.toAbsolutePath().normalize().getParent()));
        if (output != null) dirs.add(output.toAbsolutePath().normalize().getParent());
        if (framesDir != null) dirs.add(Files.createDirectories(framesDir.toAbsolutePath().normalize()));
        return dirs;
    }

    private static void useLibrary(VirglBuild.Library l) {
        try {
            VirglRenderer.useLibrary(l.path());
        } catch (VirglException e) {
            throw new UserInputException(ExitCode.ENVIRONMENT, e.getMessage());
        }
    }

    /** The library this process replays on, as a matrix row names it. */
    private String thisLibrary() {
        if (virgl != null && virgl.size() == 1 && virgl.getFirst().contains("/")) return virgl.getFirst();
        return DebianPackages.installedVersion(Path.of("/"), DebianPackages.VIRGLRENDERER).orElse("libvirglrenderer.so.1");
    }

    /** One replay; the first ({@code errors} given) also writes the outputs and collects the error answers. */
    private ReplayResult runOnce(ReplayPlan plan, ReplayEngine.Options options, ErrorAnswers errors, PrintWriter err)
            throws IOException {
        boolean first = errors != null;
        List<ReplayListener> listeners = new ArrayList<>();
        if (first) listeners.add(errors);
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
}
