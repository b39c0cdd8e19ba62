package vgtrace.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * One trace replayed on several virglrenderer builds, each in a child replay of its own (this
 * machine's, a given library's, or a Debian suite's in its replay root), and one row per build:
 * exit status, what was replayed and checked, the first divergence.
 */
final class ReplayMatrix {

    private final ReplayRoots roots;
    private final Function<String, List<String>> childArgs;
    private final List<Path> binds;
    private final PrintWriter err;

    /**
     * @param childArgs the replay arguments of a child, given the {@code --virgl} value it is to use
     * @param binds     host directories a child in a root needs (the trace's, the outputs')
     */
    ReplayMatrix(ReplayRoots roots, Function<String, List<String>> childArgs, List<Path> binds, PrintWriter err) {
        this.roots = roots;
        this.childArgs = childArgs;
        this.binds = List.copyOf(binds);
        this.err = err;
    }

    /** How long a matrix row may take: a whole replay, a root made on the way included. */
    static final Duration ROW_LIMIT = Duration.ofHours(1);

    List<ReplayReport> run(List<VirglBuild> builds) throws IOException {
        List<ReplayReport> rows = new ArrayList<>();
        for (VirglBuild b : builds) {
            err.println("vgtrace: replaying on virglrenderer " + b.label() + "...");
            err.flush();
            rows.add(run(b, ROW_LIMIT));
        }
        return rows;
    }

    /**
     * One child replay on {@code build}; one still running after {@code limit} is killed and reported
     * with exit {@link ChildReplay#TIMED_OUT}, one that died (a signal: virglrenderer crashed) with its status.
     */
    ReplayReport run(VirglBuild build, Duration limit) throws IOException {
        ProcessBuilder pb = switch (build) {
            case VirglBuild.Installed _ -> new ProcessBuilder(ChildReplay.command(childArgs.apply("installed")));
            case VirglBuild.Library l -> new ProcessBuilder(ChildReplay.command(childArgs.apply(l.path().toString())));
            case VirglBuild.Suite s -> roots.inRoot(roots.prepare(s.suite(), "virglrenderer " + s.label(), err),
                    ChildReplay.binds(binds), ChildReplay.command(childArgs.apply("installed")));
        };
        Path errors = Files.createTempFile("vgtrace-replay", ".err");
        try {
            ChildReplay.Finished f = ChildReplay.collect(pb, errors, limit);
            if (f.exit() == ChildReplay.TIMED_OUT) {
                return ReplayReport.failed(build.label(), where(build), f.exit(), "no end within " + limit.toSeconds() + " s (killed)");
            }
            return parse(f.out()).map(r -> r.as(build.label(), where(build))).orElseGet(() -> ReplayReport.failed(build.label(),
                    where(build), f.exit() == ExitCode.OK || f.exit() == ExitCode.DIVERGED ? ExitCode.ENVIRONMENT : f.exit(),
                    f.lastWords()));
        } finally {
            Files.deleteIfExists(errors);
        }
    }

    /** The one report of a child's {@code --json} output (its array), if it printed one. */
    private static Optional<ReplayReport> parse(String out) {
        int at = out.indexOf('[');
        if (at < 0) return Optional.empty();
        try {
            var array = new ObjectMapper().readTree(out.substring(at));
            return array.isArray() && array.size() == 1
                    ? Optional.of(ReplayReport.parse(array.get(0).toString())) : Optional.empty();
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
    }

    private String where(VirglBuild b) {
        return switch (b) {
            case VirglBuild.Installed _ -> DebianPackages.installedVersion(Path.of("/"), DebianPackages.VIRGLRENDERER).orElse("?");
            case VirglBuild.Library l -> l.path().toString();
            case VirglBuild.Suite s -> DebianPackages.installedVersion(roots.root(s.suite()), DebianPackages.VIRGLRENDERER)
                    .map(v -> v + " (" + s.suite() + ")").orElse(s.suite());
        };
    }

    /** The rows as a table, each divergence's two sides on lines of their own under its row. */
    static void print(List<ReplayReport> rows, PrintWriter out) {
        String format = "%-10s %-26s %4s %9s %10s %10s %7s %7s  %s%n";
        out.printf(format, "virgl", "library", "exit", "commands", "responses", "read-backs", "frames", "fences",
                "first divergence");
        for (ReplayReport r : rows) {
            String first = r.error() != null ? "could not run: " + r.error()
                    : r.divergence() == null ? "none"
                    : "seq " + r.divergence().seq() + " " + r.divergence().kind() + ": " + r.divergence().command();
            out.printf(format, r.build(), r.virglrenderer(), r.exit(), r.commands(), r.responsesChecked(),
                    r.readBacksChecked(), r.framesChecked(), r.fencesChecked(), first);
            if (r.divergence() != null) {
                out.println("    expected: " + r.divergence().expected());
                out.println("    actual:   " + r.divergence().actual());
            }
        }
        out.flush();
    }

    /** 0 when every build replayed clean, else 4 when one could not run, else 3. */
    static int exitCode(List<ReplayReport> rows) {
        if (rows.stream().anyMatch(r -> r.error() != null)) return ExitCode.ENVIRONMENT;
        return rows.stream().allMatch(r -> r.exit() == ExitCode.OK) ? ExitCode.OK : ExitCode.DIVERGED;
    }
}
