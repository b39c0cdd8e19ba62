package vgtrace.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import vgtrace.core.protocol.HexDump;
import vgtrace.core.trace.EventKind;
import vgtrace.core.trace.TraceEvent;
import vgtrace.core.trace.TraceReader;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;

@Command(name = "dump", description = {
        "Print a trace, one readable line per row with its decoded fields.",
        "",
        "Example: vgtrace dump t.arrows --type SUBMIT_3D --ctx 2 --hex"})
final class DumpCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "TRACE", description = "A vgtrace trace file (.arrows).")
    Path trace;

    @Option(names = "--seq", paramLabel = "FROM..TO", description = "Only rows with seq in this inclusive range (either end may be omitted).")
    String seqRange;

    @Option(names = "--type", paramLabel = "TYPE", split = ",", description = "Only messages of these types: names (RESOURCE_CREATE_2D, OK_NODATA, ERR_*) or codes (0x101).")
    List<String> types;

    @Option(names = "--ctx", paramLabel = "ID", split = ",", description = "Only messages of these context ids.")
    List<Integer> contexts;

    @Option(names = "--kind", paramLabel = "KIND", split = ",", description = "Only these row kinds: ${COMPLETION-CANDIDATES}.")
    EnumSet<EventKind> kinds;

    @Option(names = "--hex", description = "Also print each row's payload as a hex dump.")
    boolean hex;

    @Option(names = "--limit", paramLabel = "N", description = "Stop after N printed rows.")
    long limit = Long.MAX_VALUE;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        RowFilter filter = RowFilter.parse(seqRange, types, contexts, kinds == null ? Set.of() : kinds);
        Map<Long, Long> pendingCommandTs = new HashMap<>();
        long printed = 0;
        Long firstTs = null;
        try (TraceReader reader = TraceReader.open(trace)) {
            while (reader.hasNext() && printed < limit) {
                TraceEvent e = reader.next();
                if (firstTs == null) firstTs = e.tsNs();
                if (e.kind() == EventKind.COMMAND) pendingCommandTs.put(e.seq(), e.tsNs());
                Long commandTs = e.kind() == EventKind.RESPONSE ? pendingCommandTs.remove(e.pairSeq()) : null;
                if (!filter.test(e)) continue;
                out.println(RowText.line(e, e.tsNs() - firstTs, commandTs));
                if (hex && e.payload() != null) out.print(HexDump.format(e.payload(), "        ", Integer.MAX_VALUE));
                printed++;
            }
            reader.truncation().ifPresent(t -> out.printf("-- truncated: %s%n", t.message()));
        }
        return ExitCode.OK;
    }
}
