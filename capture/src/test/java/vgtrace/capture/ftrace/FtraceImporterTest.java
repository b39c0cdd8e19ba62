package vgtrace.capture.ftrace;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import vgtrace.capture.ImportException;
import vgtrace.capture.ImportReport;
import vgtrace.core.trace.EventKind;
import vgtrace.core.trace.Pairing;
import vgtrace.core.trace.TraceEvent;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class FtraceImporterTest {

    /** Linux 6.12 tracefs lines: nine fields, seqno pairs. The response comes first for seqno 41 on purpose. */
    static final String KERNEL_6_12 = """
            # tracer: nop
            #
            #           TASK-PID     CPU#  |||||  TIMESTAMP  FUNCTION
                      vgwork-95      [000] .....     3.000100: virtio_gpu_cmd_queue: vdev=0 vq=0 name=control type=0x204 flags=0x0 fence_id=0 ctx_id=2 num_free=1023 seqno=40
                      vgwork-95      [000] .....     3.000200: virtio_gpu_cmd_queue: vdev=0 vq=0 name=control type=0x207 flags=0x3 fence_id=7 ctx_id=2 num_free=1021 seqno=41
                 kworker/0:1-20      [000] d..1.     3.000300: virtio_gpu_cmd_response: vdev=0 vq=0 name=control type=0x1100 flags=0x0 fence_id=0 ctx_id=2 num_free=1023 seqno=40
                 kworker/0:1-20      [000] d..1.     3.001200: virtio_gpu_cmd_response: vdev=0 vq=0 name=control type=0x1100 flags=0x3 fence_id=7 ctx_id=2 num_free=1023 seqno=41
                      vgwork-95      [000] .....     3.002000: virtio_gpu_cmd_queue: vdev=0 vq=1 name=cursor type=0x301 flags=0x0 fence_id=0 ctx_id=0 num_free=63 seqno=3
                      vgwork-95      [000] .....     3.002100: sched_switch: prev_comm=vgwork prev_pid=95
            """;

    /** Linux 6.1: seven fields, no seqno: fenced by fence_id, unfenced in order. */
    static final String KERNEL_6_1 = """
            vgwork-95 [000] ..... 1.000000: virtio_gpu_cmd_queue: vdev=0 vq=0 name=control type=0x101 flags=0x0 fence_id=0 ctx_id=0
            vgwork-95 [000] ..... 1.000010: virtio_gpu_cmd_queue: vdev=0 vq=0 name=control type=0x207 flags=0x1 fence_id=3 ctx_id=2
            vgwork-95 [000] ..... 1.000020: virtio_gpu_cmd_queue: vdev=0 vq=0 name=control type=0x106 flags=0x0 fence_id=0 ctx_id=0
            kworker-20 [000] d..1. 1.000100: virtio_gpu_cmd_response: vdev=0 vq=0 name=control type=0x1100 flags=0x0 fence_id=0 ctx_id=0
            kworker-20 [000] d..1. 1.000110: virtio_gpu_cmd_response: vdev=0 vq=0 name=control type=0x1203 flags=0x0 fence_id=0 ctx_id=0
            kworker-20 [000] d..1. 1.000900: virtio_gpu_cmd_response: vdev=0 vq=0 name=control type=0x1100 flags=0x1 fence_id=3 ctx_id=2
            """;

    /** Stock 6.12 events with vgtrace's header probes on the same tracepoints: rings become exact. */
    static final String WITH_PROBES = """
            vgwork-95 [001] ..... 5.000000: virtio_gpu_cmd_queue: vdev=0 vq=0 name=control type=0x207 flags=0x3 fence_id=94 ctx_id=2 num_free=1000 seqno=266
            vgwork-95 [001] ..... 5.000001: cmd_queue: (__probestub_virtio_gpu_cmd_queue+0x4/0x10 [virtio_gpu]) vq="control" type=0x207 flags=0x3 fence_id=94 ctx_id=2 ring_idx=3 seqno=266
            vgwork-95 [001] ..... 5.000002: cmd_queue: (__probestub_virtio_gpu_cmd_queue+0x4/0x10 [virtio_gpu]) vq="control" type=0x207 flags=0x1 fence_id=95 ctx_id=2 ring_idx=0 seqno=267
            vgwork-95 [001] ..... 5.000003: virtio_gpu_cmd_queue: vdev=0 vq=0 name=control type=0x207 flags=0x1 fence_id=95 ctx_id=2 num_free=998 seqno=267
            kworker-20 [000] d..1. 5.000500: virtio_gpu_cmd_response: vdev=0 vq=0 name=control type=0x1100 flags=0x3 fence_id=94 ctx_id=2 num_free=1000 seqno=266
            kworker-20 [000] d..1. 5.000501: cmd_response: (__probestub_virtio_gpu_cmd_response+0x4/0x10 [virtio_gpu]) vq="control" type=0x1100 flags=0x3 fence_id=94 ctx_id=2 ring_idx=3 seqno=266
            """;

    record Imported(ImportReport report, List<TraceEvent> rows) { }

    static Imported run(String log, boolean strict) throws IOException {
        List<TraceEvent> rows = new ArrayList<>();
        ImportReport report = new FtraceImporter(strict).importFrom(
                new ByteArrayInputStream(log.getBytes(StandardCharsets.ISO_8859_1)), "test.log", rows::add);
        return new Imported(report, rows);
    }

    @Test
    void kernel612PairsBySeqnoAndKeepsCounters() throws IOException {
        Imported im = run(KERNEL_6_12, false);
        assertEquals(5, im.rows().size());
        assertEquals(4, im.report().skippedLines(), "3 comment lines + sched_switch");
        assertEquals(0, im.report().malformedLines());
        TraceEvent submit = im.rows().get(1);
        assertEquals(EventKind.COMMAND, submit.kind());
        assertEquals(0x207, submit.header().type());
        assertEquals(7, submit.header().fenceId());
        assertTrue(submit.header().hasRing());
        assertNull(submit.ringIdx(), "stock tracepoints do not carry the ring");
        assertEquals(41L, submit.guestSeqno());
        assertEquals(1021, submit.numFree());
        assertEquals(3_000_200_000L, submit.tsNs());
        TraceEvent fenceResponse = im.rows().get(3);
        assertEquals(submit.seq(), fenceResponse.pairSeq());
        assertEquals(Pairing.SEQNO, fenceResponse.pairing());
        assertEquals(im.rows().get(0).seq(), im.rows().get(2).pairSeq());
        TraceEvent cursor = im.rows().get(4);
        assertEquals(1, cursor.queue());
        assertEquals(1, im.report().unansweredCommands(), "the cursor move has no response in the log");
    }

    @Test
    void kernel61PairsFencedByFenceAndOthersInOrder() throws IOException {
        Imported im = run(KERNEL_6_1, false);
        List<TraceEvent> r = im.rows();
        assertEquals(6, r.size());
        assertEquals(r.get(0).seq(), r.get(3).pairSeq());
        assertEquals(Pairing.ORDER, r.get(3).pairing());
        assertEquals(r.get(2).seq(), r.get(4).pairSeq(), "the error answers the attach, the next unfenced command");
        assertEquals(0x1203, r.get(4).header().type());
        assertEquals(r.get(1).seq(), r.get(5).pairSeq());
        assertEquals(Pairing.FENCE, r.get(5).pairing());
        assertNull(r.get(0).guestSeqno());
        assertEquals(0, im.report().unansweredCommands());
        assertEquals(0, im.report().unpairedResponses());
    }

    @Test
    void probeLinesMergeWithStockLinesAndGiveExactRings() throws IOException {
        Imported im = run(WITH_PROBES, false);
        List<TraceEvent> r = im.rows();
        assertEquals(3, r.size(), "six lines, three messages");
        assertEquals(3, im.report().mergedProbeEvents());
        assertEquals(3, r.get(0).ringIdx());
        assertEquals(1000, r.get(0).numFree(), "num_free comes from the stock line");
        assertNull(r.get(1).ringIdx(), "flags 0x1: no ring named, so none is stored");
        assertTrue(r.get(1).ringKnown());
        assertEquals(998, r.get(1).numFree());
        assertEquals(r.get(0).seq(), r.get(2).pairSeq());
        assertEquals(3, r.get(2).ringIdx());
    }

    /** The BTF-less kprobe form reads no seqno: its lines merge with 6.3+ stock lines by header. */
    static final String WITH_KPROBES = """
            vgwork-95 [001] ..... 6.000000: cmd_queue: (virtqueue_add_sgs+0x0/0x90) vq="control" type=0x207 flags=0x3 fence_id=5 ctx_id=2 ring_idx=7
            vgwork-95 [001] ..... 6.000001: virtio_gpu_cmd_queue: vdev=0 vq=0 name=control type=0x207 flags=0x3 fence_id=5 ctx_id=2 num_free=1000 seqno=9
            vgwork-95 [001] ..... 6.000002: cmd_queue: (virtqueue_add_sgs+0x0/0x90) vq="control" type=0x105 flags=0x0 fence_id=0 ctx_id=0 ring_idx=0
            vgwork-95 [001] ..... 6.000003: virtio_gpu_cmd_queue: vdev=0 vq=0 name=control type=0x105 flags=0x0 fence_id=0 ctx_id=0 num_free=999 seqno=10
            vgwork-95 [001] ..... 6.000004: cmd_queue: (virtqueue_add_sgs+0x0/0x90) vq="control" type=0x105 flags=0x0 fence_id=0 ctx_id=0 ring_idx=0
            vgwork-95 [001] ..... 6.000005: virtio_gpu_cmd_queue: vdev=0 vq=0 name=control type=0x105 flags=0x0 fence_id=0 ctx_id=0 num_free=998 seqno=11
            """;

    @Test
    void kprobeLinesWithoutSeqnoMergeByHeader() throws IOException {
        Imported im = run(WITH_KPROBES, false);
        assertEquals(3, im.rows().size(), "six lines, three commands, no duplicates");
        assertEquals(3, im.report().mergedProbeEvents());
        assertEquals(7, im.rows().get(0).ringIdx());
        assertEquals(9L, im.rows().get(0).guestSeqno());
        assertEquals(10L, im.rows().get(1).guestSeqno(), "identical headers merge in order");
        assertEquals(11L, im.rows().get(2).guestSeqno());
    }

    @Test
    void malformedLinesAreCountedWithTheirLineNumbers() throws IOException {
        String log = KERNEL_6_1.lines().findFirst().orElseThrow() + "\n"
                + "x [000] ..... 1.5: virtio_gpu_cmd_queue: vdev=0 vq=0 name=control type=0xZZ flags=0x0 fence_id=0 ctx_id=0\n"
                + "x [000] ..... virtio_gpu_cmd_queue: vdev=0 vq=0 type=0x101 flags=0 fence_id=0 ctx_id=0\n"
                + "x [000] ..... 1.6: virtio_gpu_cmd_queue: vdev=0 vq=0 name=control type=0x101\n";
        Imported im = run(log, false);
        assertEquals(1, im.rows().size());
        assertEquals(3, im.report().malformedLines());
        assertTrue(im.report().malformedExamples().get(0).startsWith("test.log:2: bad number for type"),
                im.report().malformedExamples().get(0));
        assertTrue(im.report().malformedExamples().get(1).contains("no timestamp"));
        assertTrue(im.report().malformedExamples().get(2).contains("missing one of"));
    }

    @Test
    void strictModeFailsOnTheFirstMalformedLine() {
        String log = "x [000] ..... 1.5: virtio_gpu_cmd_queue: vdev=0 vq=0 type=0x101 flags=0x0 fence_id=-1 ctx_id=0\n";
        ImportException e = assertThrows(ImportException.class, () -> run(log, true));
        assertTrue(e.getMessage().contains("test.log:1"), e.getMessage());
    }

    @Test
    void aTruncatedLastLineIsMalformedNotFatal() throws IOException {
        String full = KERNEL_6_12;
        // Torn inside a required field of the second command: ctx_id is cut to "ct".
        String torn = full.substring(0, full.indexOf("ctx_id=2 num_free=1021") + 2);
        Imported im = run(torn, false);
        assertEquals(1, im.rows().size());
        assertEquals(1, im.report().malformedLines());
    }

    @Test
    void aLineWithoutNewlineLongerThanTheLimitIsCut() throws IOException {
        Imported im = run("virtio_gpu_cmd_queue: " + "x".repeat(200_000), false);
        assertEquals(0, im.rows().size());
        assertEquals(1, im.report().malformedLines());
        assertTrue(im.report().malformedExamples().get(0).contains("longer than"));
    }

    @Property(tries = 2000)
    void arbitraryBytesNeverThrow(@ForAll @Size(max = 400) byte[] bytes) throws IOException {
        Imported im = run(new String(bytes, StandardCharsets.ISO_8859_1), false);
        assertEquals(im.report().rows(), im.rows().size());
    }

    @Property(tries = 2000)
    void mutatedValidLogsNeverThrow(@ForAll int position, @ForAll char replacement) throws IOException {
        String log = KERNEL_6_12 + WITH_PROBES;
        int at = Math.floorMod(position, log.length());
        String mutated = log.substring(0, at) + replacement + log.substring(at + 1);
        Imported im = run(mutated, false);
        assertTrue(im.rows().size() <= 11, "at most one row per event line");
        for (TraceEvent e : im.rows()) {
            if (e.kind() == EventKind.RESPONSE && e.pairSeq() != TraceEvent.NO_SEQ) {
                assertTrue(e.pairSeq() < e.seq(), "a response pairs with an earlier command");
            }
        }
    }
}
