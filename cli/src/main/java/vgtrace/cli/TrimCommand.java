package vgtrace.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import vgtrace.core.trace.TraceWriter;
import vgtrace.core.trace.WriterOptions;
import vgtrace.replay.VirglBackend;
import vgtrace.replay.reduce.TraceRows;
import vgtrace.replay.reduce.Trimmer;
import vgtrace.replay.virgl.VirglException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "trim", description = {
        "Cut a trace to the commands of a seq range, as a trace that replays alone.",
        "",
        "A prologue recreates the state live at the range's first command: contexts (with context_init) "
                + "and their submits, resources, backings, attachments, blob creates and maps, scanouts; each "
                + "resource's content there (read back by replaying the commands before it on this machine's "
                + "virglrenderer), mapped blobs' bytes and the guest memory the range can read. The range's rows "
                + "follow with their seqs. The metadata is kept, so replay picks the build the trace names."})
final class TrimCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "TRACE", description = "The trace to cut (.arrows): a capture or a recording.")
    Path trace;

    @Option(names = "--range", paramLabel = "A..B", required = true,
            description = "Keep the commands with seq A..B (either end may be omitted).")
    String range;

    @Option(names = {"-o", "--output"}, paramLabel = "OUT", required = true, description = "The trimmed trace.")
    Path output;

    @Option(names = "--drop-unused", description = "Leave out contexts and resources the range never uses.")
    boolean dropUnused;

    @Option(names = "--force", description = "Replace OUT if it exists.")
    boolean force;

    @Override
    public Integer call() throws IOException {
        var window = ReplayRanges.parse(range);
        if (Files.exists(output) && !force) throw new UserInputException(ExitCode.USAGE, output + " exists: --force replaces it");
        TraceRows rows = TraceRows.load(trace);
        if (rows.commands().keySet().stream().noneMatch(window::contains)) {
            throw new UserInputException(ExitCode.USAGE, "no commands in " + trace + " for --range " + range
                    + ": 'vgtrace dump " + trace + " --kind COMMAND' lists their seqs");
        }
        Trimmer.Trimmed t;
        try (TraceWriter writer = TraceWriter.create(output, rows.metadata().with("trimmed_from", trace.getFileName().toString())
                .with("trim_range", range), WriterOptions.DEFAULTS.withOverwrite(force))) {
            t = new Trimmer(rows).trim(window, dropUnused, TrimCommand::backend, writer);
        } catch (VirglException e) {
            Files.deleteIfExists(output);
            throw new UserInputException(ExitCode.ENVIRONMENT, "cannot read the state back on virglrenderer: " + e.getMessage());
        }
        var out = spec.commandLine().getOut();
        out.printf("trimmed %s to %s: %,d commands of the range after a prologue of %,d (content of %d resources and %d mapped blobs)%n",
                trace, output, t.windowCommands(), t.prologueCommands(), t.restoredImages(), t.restoredBlobs());
        if (t.seqShift() > 0) out.printf("the range's seqs are shifted by %,d (the prologue needed the room)%n", t.seqShift());
        out.printf("size: %,d bytes -> %,d bytes%n", Files.size(trace), Files.size(output));
        return ExitCode.OK;
    }

    private static VirglBackend backend() {
        return VirglBackend.open(VirglBackend.Config.defaults());
    }
}
