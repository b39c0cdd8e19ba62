package vgtrace.capture.ftrace;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The bundled real log repeated: each copy imports as the first does, moved on in time, seqno and fence. */
class RealGuestLogTest {

    @Test
    void eachCopyImportsAsTheFirstMovedOn() throws IOException {
        RealGuestLog log = RealGuestLog.bundled();
        FtraceImporterTest.Imported one = importLines(log, log.linesPerCopy());
        FtraceImporterTest.Imported three = importLines(log, 3L * log.linesPerCopy());
        int n = one.rows().size();
        assertTrue(n > 100, "the bundled log has rows: " + n);
        assertEquals(3 * n, three.rows().size());
        assertEquals(0, three.report().malformedLines());
        assertEquals(3 * one.report().unansweredCommands(), three.report().unansweredCommands(),
                "responses pair within their copy, as in the first");
        assertEquals(3 * one.report().mergedProbeEvents(), three.report().mergedProbeEvents());
        long span = three.rows().get(n).tsNs() - one.rows().getFirst().tsNs();
        long fenceStep = one.rows().stream().mapToLong(e -> e.header().fenceId()).max().orElseThrow();
        long seqnoStep = one.rows().stream().mapToLong(e -> e.guestSeqno()).max().orElseThrow();
        for (int i = 0; i < n; i++) {
            var first = one.rows().get(i);
            var third = three.rows().get(2 * n + i);
            assertEquals(first.header().type(), third.header().type());
            assertEquals(first.header().ctxId(), third.header().ctxId(), "ids repeat");
            assertEquals(first.ringIdx(), third.ringIdx());
            assertEquals(first.tsNs() + 2 * span, third.tsNs());
            assertEquals(first.guestSeqno() + 2 * seqnoStep, third.guestSeqno());
            long fence = first.header().fenceId();
            assertEquals(fence == 0 ? 0 : fence + 2 * fenceStep, third.header().fenceId(), "fences rise, 0 stays");
            assertEquals(first.pairing(), third.pairing());
        }
        List<Long> times = three.rows().stream().map(e -> e.tsNs()).toList();
        assertTrue(times.get(n - 1) < times.get(n), "a copy starts after the one before ends");
    }

    private static FtraceImporterTest.Imported importLines(RealGuestLog log, long lines) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        log.write(out, lines);
        return FtraceImporterTest.run(out.toString(java.nio.charset.StandardCharsets.ISO_8859_1), false);
    }
}
