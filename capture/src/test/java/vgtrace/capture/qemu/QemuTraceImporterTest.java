package vgtrace.capture.qemu;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;
import vgtrace.capture.ImportException;
import vgtrace.capture.ImportReport;
import vgtrace.core.protocol.CtrlType;
import vgtrace.core.trace.EventKind;
import vgtrace.core.trace.Pairing;
import vgtrace.core.trace.TraceEvent;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class QemuTraceImporterTest {

    static final String LOG = """
            4242@1700000000.000100:virtio_gpu_features virgl 1
            4242@1700000000.000200:virtio_gpu_cmd_ctx_create ctx 0x2, name vgwork, ctx two
            4242@1700000000.000300:virtio_gpu_cmd_res_create_3d res 0x3, fmt 0x2, w 64, h 64, d 1
            4242@1700000000.000400:virtio_gpu_cmd_ctx_res_attach ctx 0x2, res 0x3
            4242@1700000000.000500:virtio_gpu_cmd_ctx_submit ctx 0x2, size 96
            4242@1700000000.000510:virtio_gpu_fence_ctrl fence 0x7, type 0x207
            4242@1700000000.000600:virtio_gpu_update_cursor scanout 0, x 10, y 20, move, res 0x0
            4242@1700000000.000700:virtio_gpu_feature_map something
            4242@1700000000.001510:virtio_gpu_fence_resp fence 0x7
            some other QEMU message
            """;

    static List<TraceEvent> rows = new ArrayList<>();

    static ImportReport run(String log, boolean strict, List<TraceEvent> into) throws IOException {
        return new QemuTraceImporter(strict).importFrom(
                new ByteArrayInputStream(log.getBytes(StandardCharsets.ISO_8859_1)), "qemu.log", into::add);
    }

    @Test
    void commandsFencesAndResponsesBecomeRows() throws IOException {
        List<TraceEvent> r = new ArrayList<>();
        ImportReport report = run(LOG, false, r);
        assertEquals(0, report.malformedLines());
        assertEquals(2, report.skippedLines(), "feature_map and the non-trace line");
        assertEquals(EventKind.METADATA, r.get(0).kind());
        assertEquals("qemu.virgl=1", r.get(0).text());
        TraceEvent ctx = r.get(1);
        assertEquals(CtrlType.CTX_CREATE.code(), ctx.header().type());
        assertEquals(2, ctx.header().ctxId());
        TraceEvent create = r.get(2);
        assertEquals(3, create.fields().resourceId());
        assertEquals(64, create.fields().width());
        assertEquals(1, create.fields().depth());
        assertFalse(create.header().fenced());
        TraceEvent submit = r.get(4);
        assertEquals(CtrlType.SUBMIT_3D.code(), submit.header().type());
        assertTrue(submit.header().fenced());
        assertEquals(7, submit.header().fenceId());
        assertEquals(96L, submit.fields().size());
        assertEquals(1_700_000_000_000_500_000L, submit.tsNs());
        TraceEvent cursor = r.get(5);
        assertEquals(CtrlType.MOVE_CURSOR.code(), cursor.header().type());
        assertEquals(1, cursor.queue());
        TraceEvent resp = r.get(6);
        assertEquals(EventKind.RESPONSE, resp.kind());
        assertEquals(submit.seq(), resp.pairSeq());
        assertEquals(Pairing.FENCE, resp.pairing());
        assertEquals(CtrlType.RESP_OK_NODATA.code(), resp.header().type());
        assertEquals(7, r.size());
        assertEquals(0, report.unansweredCommands());
    }

    @Test
    void linesWithoutTimestampsImportInOrderWithZeroTimes() throws IOException {
        List<TraceEvent> r = new ArrayList<>();
        QemuTraceImporter importer = new QemuTraceImporter(false);
        ImportReport report = importer.importFrom(new ByteArrayInputStream("""
                virtio_gpu_cmd_res_create_2d res 0x1, fmt 0x1, w 1024, h 768
                virtio_gpu_cmd_res_flush res 0x1, w 1024, h 768, x 0, y 0
                """.getBytes(StandardCharsets.US_ASCII)), "q", r::add);
        assertFalse(importer.hasTimestamps());
        assertEquals(List.of("some lines have no timestamp, so rows keep their order but not their times; "
                + "run QEMU with -msg timestamp=on"), report.warnings());
        assertEquals(2, r.size());
        assertEquals(0, r.get(0).tsNs());
        assertEquals(1024, r.get(1).fields().width());
    }

    @Test
    void badArgumentsAreCountedOrFatalWhenStrict() throws IOException {
        String bad = "1@1.5:virtio_gpu_cmd_res_create_2d res zz, fmt 0x1, w 1, h 1\n"
                + "1@1.6:virtio_gpu_fence_ctrl fence 0x9, type 0x207\n";
        List<TraceEvent> r = new ArrayList<>();
        ImportReport report = run(bad, false, r);
        assertEquals(2, report.malformedLines());
        assertTrue(report.malformedExamples().get(0).startsWith("qemu.log:1: virtio_gpu_cmd_res_create_2d"));
        assertTrue(report.malformedExamples().get(1).contains("follows no such command"));
        ImportException e = assertThrows(ImportException.class, () -> run(bad, true, new ArrayList<>()));
        assertTrue(e.getMessage().contains("qemu.log:1"));
    }

    @Property(tries = 3000)
    void mutatedLogsNeverThrow(@ForAll int position, @ForAll char replacement) throws IOException {
        int at = Math.floorMod(position, LOG.length());
        String mutated = LOG.substring(0, at) + replacement + LOG.substring(at + 1);
        List<TraceEvent> r = new ArrayList<>();
        ImportReport report = run(mutated, false, r);
        assertEquals(report.rows(), r.size());
    }
}
