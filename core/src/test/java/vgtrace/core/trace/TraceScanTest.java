package vgtrace.core.trace;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vgtrace.core.protocol.CtrlType;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** A column pass sees what the row reader sees, and the one error rule is CtrlType's. */
class TraceScanTest {

    @TempDir
    Path dir;

    @Test
    void aScanReadsTheRowsTheReaderReads() throws IOException {
        Path file = dir.resolve("t.arrows");
        List<TraceEvent> written = TraceSamples.write(file, 3);
        List<String> scanned = new ArrayList<>();
        TraceScan.scan(file, rows -> {
            for (int i = 0; i < rows.count(); i++) {
                scanned.add(rows.seq(i) + " " + rows.tsNs(i) + " " + rows.kind(i) + " " + rows.pairSeq(i) + " "
                        + rows.queue(i) + " " + rows.type(i) + " " + rows.fenced(i) + " " + rows.ctxId(i) + " "
                        + rows.ringIdx(i));
            }
        });
        List<String> read = written.stream().map(e -> e.seq() + " " + e.tsNs() + " " + e.kind() + " " + e.pairSeq() + " "
                + (e.queue() == null ? -1 : e.queue()) + " " + (e.header() == null ? null : e.header().type()) + " "
                + (e.header() != null && e.header().fenced()) + " " + (e.header() == null ? 0 : e.header().ctxId()) + " "
                + e.ringIdx()).toList();
        assertEquals(read, scanned);
    }

    @Test
    void errorsAreTheResponseErrKind() {
        for (CtrlType t : CtrlType.values()) {
            assertEquals(t.kind() == CtrlType.Kind.RESPONSE_ERR, CtrlType.isError(t.code()), t.name());
        }
        assertFalse(CtrlType.isError(0x1206), "an undefined code is no error of the protocol's");
    }
}
