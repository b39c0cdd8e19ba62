package vgtrace.capture.ftrace;

import vgtrace.capture.ImportReport;
import vgtrace.capture.Importer;
import vgtrace.capture.LineLoop;
import vgtrace.core.protocol.CtrlHeader;
import vgtrace.core.trace.EventKind;
import vgtrace.core.trace.TraceEvent;
import vgtrace.core.trace.TraceSink;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * Turns a guest's virtio-gpu trace events (tracefs {@code trace} text or {@code trace-cmd report})
 * into trace rows: one COMMAND row per queued command, one RESPONSE row per response, paired.
 * Tracepoints carry no wire bytes, so rows have header fields and no payload; the ring index is
 * known only where vgtrace's header probe recorded it, and stored as unknown otherwise.
 */
public final class FtraceImporter implements Importer {

    private final boolean strict;
    private final ResponsePairer pairer = new ResponsePairer();
    private TraceSink sink;
    private long nextSeq;
    private long unpairedResponses;

    /** @param strict fail on the first malformed virtio-gpu line instead of counting it */
    public FtraceImporter(boolean strict) {
        this.strict = strict;
    }

    @Override
    public ImportReport importFrom(InputStream log, String inputName, TraceSink sink) throws IOException {
        this.sink = sink;
        ProbeMerger merger = new ProbeMerger(this::emit);
        try {
            ImportReport.Builder report = LineLoop.run(log, inputName, strict, "malformed virtio-gpu event",
                    FtraceLineParser::parse, (parsed, lineNo) -> switch (parsed) {
                        case FtraceLineParser.Parsed p -> {
                            merger.accept(p.event());
                            yield LineLoop.USED;
                        }
                        case FtraceLineParser.NotOurs _ -> LineLoop.NOT_OURS;
                        case FtraceLineParser.Malformed m -> new LineLoop.Malformed(m.reason());
                    });
            merger.finish();
            return report.rows(nextSeq).unpairedResponses(unpairedResponses).unansweredCommands(pairer.unanswered())
                    .mergedProbeEvents(merger.mergedCount()).build();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private void emit(GuestEvent e) {
        // The probe's ring byte is exact; without a probe only INFO_RING_IDX says a ring was named.
        int ring = e.ringIdx() != null ? e.ringIdx() : 0;
        CtrlHeader header = new CtrlHeader(e.type(), e.flags(), e.fenceId(), e.ctxId(), ring, 0);
        long seq = nextSeq++;
        boolean command = e.direction() == GuestEvent.Direction.QUEUE;
        TraceEvent.Builder row = TraceEvent.builder(seq, e.tsNs(), command ? EventKind.COMMAND : EventKind.RESPONSE)
                .queue(e.vq()).header(header).ringKnown(e.probe()).guestSeqno(e.seqno()).numFree(e.numFree());
        if (command) {
            pairer.command(e, seq);
        } else {
            ResponsePairer.Match m = pairer.response(e);
            if (m == null) unpairedResponses++;
            else row.pairSeq(m.commandSeq()).pairing(m.pairing());
        }
        try {
            sink.append(row.build());
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }
}
