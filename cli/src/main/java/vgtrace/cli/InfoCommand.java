package vgtrace.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import vgtrace.core.protocol.Capset;
import vgtrace.core.trace.TraceReader;
import vgtrace.core.trace.TraceSummary;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "info", description = "Summarize a trace: source, duration, counts, contexts, resources, errors.")
final class InfoCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "TRACE", description = "A vgtrace trace file (.arrows).")
    Path trace;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        TraceSummary summary = new TraceSummary();
        try (TraceReader reader = TraceReader.open(trace)) {
            while (reader.hasNext()) summary.accept(reader.next());
            out.printf("trace     %s%n", trace);
            reader.metadata().asMap().forEach((k, v) -> out.printf("  %-22s %s%n", k, v));
            out.printf("rows      %,d over %s%n", summary.rows(), Durations.format(summary.durationNs()));
            summary.perKind().forEach((k, n) -> out.printf("  %-22s %,d%n", k, n));
            section(out, "commands", summary.commandsPerType());
            section(out, "responses", summary.responsesPerType());
            section(out, "errors", summary.errors());
            out.printf("fenced    %,d commands on %d timelines%n", summary.fencedCommands(), summary.timelines().size());
            summary.timelines().forEach((name, t) -> out.printf("  %-22s %,d fenced%s%n", name, t.fenced(),
                    t.unanswered() > 0 ? String.format(", %,d never answered", t.unanswered()) : ""));
            if (!summary.fenceSignals().isEmpty()) {
                out.printf("signalled %,d fence signals from the device%n",
                        summary.fenceSignals().values().stream().mapToLong(Long::longValue).sum());
                summary.fenceSignals().forEach((name, n) -> out.printf("  %-22s %,d signals%n", name, n));
            }
            out.printf("contexts  %d created%n", summary.contextCapsets().size());
            summary.contextCapsets().forEach((ctx, capset) -> out.printf("  ctx %d capset %s%n", ctx,
                    capset < 0 ? "?" : capset == 0 ? "default" : Capset.nameOf(capset)));
            out.printf("resources %,d created, %,d unreferenced, %,d alive at end%n", summary.resourcesCreated(),
                    summary.resourcesUnref(), summary.liveResources().size());
            if (summary.memoryBytes() > 0) {
                out.printf("memory    %,d bytes read by the device, %,d stored after dedup%n",
                        summary.memoryBytes(), summary.memoryBytesStored());
            }
            if (summary.decodeErrors() > 0) out.printf("undecodable messages %,d%n", summary.decodeErrors());
            if (summary.unpairedResponses() > 0) out.printf("unpaired responses %,d%n", summary.unpairedResponses());
            if (summary.notesSeen() > 0) {
                out.printf("notes     %,d%n", summary.notesSeen());
                summary.notes().forEach(n -> out.printf("  %s%n", n));
            }
            reader.truncation().ifPresentOrElse(
                    t -> out.printf("truncated: %s%n", t.message()),
                    () -> out.println("complete: the stream ends with its end marker"));
        }
        return ExitCode.OK;
    }

    private static void section(PrintWriter out, String title, Map<String, Long> counts) {
        long total = counts.values().stream().mapToLong(Long::longValue).sum();
        out.printf("%-9s %,d%n", title, total);
        counts.forEach((name, n) -> out.printf("  %-30s %,d%n", name, n));
    }
}
