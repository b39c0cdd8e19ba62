package vgtrace.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import vgtrace.core.trace.TraceWriter;
import vgtrace.core.trace.WriterOptions;
import vgtrace.replay.reduce.CommandGraph;
import vgtrace.replay.reduce.Ddmin;
import vgtrace.replay.reduce.Subset;
import vgtrace.replay.reduce.TraceRows;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.Callable;

@Command(name = "reduce", description = {
        "Shrink a trace to the few commands that still show a failure (delta debugging).",
        "",
        "Candidates drop commands but keep what the kept ones need (the create, backing, attach and map of "
                + "everything they use; a response goes with its command). Each candidate replays in a child "
                + "process with a time limit, so a crash or hang of virglrenderer never takes vgtrace down. "
                + "The result is replayed once more at the end and must still meet the condition."})
final class ReduceCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    ReplayRoots roots = ReplayRoots.inUserCache();

    @Parameters(index = "0", paramLabel = "TRACE", description = "The failing trace (.arrows): a capture or a recording.")
    Path trace;

    @Option(names = {"-o", "--output"}, paramLabel = "OUT", required = true, description = "The reduced trace.")
    Path output;

    @Option(names = "--until", paramLabel = "CONDITION", required = true,
            description = "What OUT must still do: divergence (the same first divergence: kind, command and both sides), "
                    + "crash (the back-end crashes or hangs), or error=RESP_ERR_... (some command gets that answer).")
    String until;

    @Option(names = "--virgl", paramLabel = "VERSION",
            description = "The virglrenderer build to replay on, as replay --virgl takes it (one). Default: the build "
                    + "the trace names, else this machine's.")
    String virgl;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "60",
            description = "Kill a candidate's replay after this long and count it as hanging (default: ${DEFAULT-VALUE}).")
    long timeoutSeconds;

    @Option(names = "--stall-ms", paramLabel = "MS", defaultValue = "2000",
            description = "Within a replay, give up on outstanding responses after MS ms (default: ${DEFAULT-VALUE}).")
    long stallMs;

    @Option(names = "--force", description = "Replace OUT if it exists.")
    boolean force;

    @Override
    public Integer call() throws IOException {
        if (Files.exists(output) && !force) throw new UserInputException(ExitCode.USAGE, output + " exists: --force replaces it");
        if (timeoutSeconds < 1) throw new UserInputException(ExitCode.USAGE, "--timeout needs SECONDS >= 1");
        long start = System.nanoTime();
        PrintWriter out = spec.commandLine().getOut(), err = spec.commandLine().getErr();
        TraceRows rows = TraceRows.load(trace);
        Optional<String> installed = DebianPackages.installedVersion(Path.of("/"), DebianPackages.VIRGLRENDERER);
        VirglBuild build = virgl != null ? VirglBuild.parse(virgl, installed)
                : VirglBuild.captured(rows.metadata(), installed).orElse(new VirglBuild.Installed("installed"));
        Path dir = output.toAbsolutePath().normalize().getParent();
        Path work = Files.createTempDirectory(dir, ".vgtrace-reduce-");
        try {
            ReplayReport original = replay(trace, build, work);
            ReduceCondition condition = ReduceCondition.of(until, original);
            CommandGraph graph = CommandGraph.of(rows);
            TreeSet<Long> all = new TreeSet<>(rows.commands().keySet());
            int[] n = {0};
            try (ReduceProgress progress = new ReduceProgress(all.size(), err)) {
                Ddmin ddmin = new Ddmin(graph, candidate -> {
                    Path p = work.resolve("candidate-" + ++n[0] + ".arrows");
                    write(rows, candidate, p, true);
                    try {
                        return condition.holds(replay(p, build, work));
                    } finally {
                        Files.deleteIfExists(p);
                    }
                }, progress);
                TreeSet<Long> reduced = ddmin.reduce(all, condition.target(original));
                write(rows, reduced, output, force);
                ReplayReport check = replay(output, build, work);
                out.printf("reduced %s from %,d commands to %,d in %d steps, %d candidates, %.1f s (virglrenderer %s)%n",
                        trace, all.size(), reduced.size(), ddmin.steps(), ddmin.tried(), (System.nanoTime() - start) / 1e9,
                        build.label());
                for (long seq : reduced) out.printf("  seq %d: %s%n", seq, ReduceProgress.text(rows, seq));
                out.printf("%s size: %,d bytes -> %,d bytes%n", output, Files.size(trace), Files.size(output));
                if (!condition.holds(check)) {
                    out.flush();
                    throw new UserInputException(ExitCode.DIVERGED, output + " no longer meets --until " + until
                            + " when replayed alone: keep " + trace + " for the report");
                }
                out.println("checked: " + output + " still meets it: " + condition.describe());
            }
        } finally {
            try (var files = Files.list(work)) {
                for (Path p : files.toList()) Files.deleteIfExists(p);
            }
            Files.deleteIfExists(work);
        }
        return ExitCode.OK;
    }

    private static void write(TraceRows rows, TreeSet<Long> commands, Path to, boolean overwrite) throws IOException {
        try (TraceWriter w = TraceWriter.create(to, rows.metadata().with("reduced_from", rows.path().getFileName().toString()),
                WriterOptions.DEFAULTS.withOverwrite(overwrite))) {
            Subset.write(rows, commands, w);
        }
    }

    /** A replay of {@code candidate} on {@code build} in a child process, with the time limit. */
    private ReplayReport replay(Path candidate, VirglBuild build, Path work) throws IOException {
        List<Path> binds = List.of(trace.toAbsolutePath().normalize().getParent(), work, candidate.toAbsolutePath().normalize().getParent());
        ReplayMatrix child = new ReplayMatrix(roots, v -> List.of("replay", candidate.toAbsolutePath().toString(), "--json",
                "--virgl", v, "--stall-ms", String.valueOf(stallMs)), binds, spec.commandLine().getErr());
        return child.run(build, Duration.ofSeconds(timeoutSeconds));
    }
}
