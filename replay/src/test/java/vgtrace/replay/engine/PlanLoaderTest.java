package vgtrace.replay.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vgtrace.core.protocol.CtrlHeader;
import vgtrace.core.protocol.CtrlType;
import vgtrace.core.protocol.ErrorResponse;
import vgtrace.core.protocol.GetDisplayInfo;
import vgtrace.core.protocol.GetEdid;
import vgtrace.core.protocol.OkEdid;
import vgtrace.core.protocol.OkNodata;
import vgtrace.core.protocol.Rect;
import vgtrace.core.protocol.TransferToHost2d;
import vgtrace.core.trace.MemoryDedup;
import vgtrace.core.trace.MessageFields;
import vgtrace.core.trace.MessageRows;
import vgtrace.core.trace.Pairing;
import vgtrace.core.trace.TraceEvent;
import vgtrace.core.trace.TraceMetadata;
import vgtrace.core.trace.TraceWriter;
import vgtrace.core.trace.WriterOptions;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

class PlanLoaderTest {

    @TempDir
    Path dir;

    private static final OkNodata OK = new OkNodata(CtrlHeader.of(CtrlType.RESP_OK_NODATA));

    @Test
    void memoryBeforeOrAfterItsCommandIsItsInputAndCausalCountsFollowRowOrder() throws IOException {
        Path t = dir.resolve("t.arrows");
        byte[] pixels = {1, 2, 3, 4};
        MemoryDedup dedup = new MemoryDedup();
        try (TraceWriter w = TraceWriter.create(t, TraceMetadata.of("test"), WriterOptions.DEFAULTS)) {
            w.append(MessageRows.command(0, 0, 0, new GetDisplayInfo(CtrlHeader.of(CtrlType.GET_DISPLAY_INFO))));
            w.append(MessageRows.command(1, 10, 0, new GetDisplayInfo(CtrlHeader.of(CtrlType.GET_DISPLAY_INFO))));
            w.append(MessageRows.response(2, 20, 0, 0, OK, Pairing.CAPTURE));
            w.append(dedup.memoryRow(3, 30, 5, 9, 0x1000, pixels)); // recorded before its command
            w.append(MessageRows.response(4, 40, 0, 1, OK, Pairing.CAPTURE));
            w.append(MessageRows.command(5, 50, 0, new TransferToHost2d(CtrlHeader.of(CtrlType.TRANSFER_TO_HOST_2D),
                    new Rect(0, 0, 1, 1), 0, 9, 0)));
            w.append(dedup.memoryRow(6, 60, 5, 9, 0x2000, pixels)); // same bytes: stored by hash only
        }
        ReplayPlan plan = PlanLoader.load(t, PlanLoader.Range.ALL);
        assertEquals(3, plan.steps().size());
        assertEquals(0, plan.steps().get(1).requiredResponses());
        assertEquals(2, plan.steps().get(2).requiredResponses(), "sent after both responses");
        assertArrayEquals(new int[] {0, 1}, plan.responseOrder());
        var memory = plan.steps().get(2).memory();
        assertEquals(2, memory.size());
        assertEquals(0x1000, memory.get(0).addr());
        assertArrayEquals(pixels, memory.get(1).bytes());
        assertEquals(60, plan.durationNs());
        assertEquals(1, PlanLoader.load(t, new PlanLoader.Range(1, 1)).steps().size());
    }

    @Test
    void theFirstEdidAnsweredForEachScanoutGoesWithThePlanAndErrorsAreNoEdid() throws IOException {
        Path t = dir.resolve("edid.arrows");
        byte[] bytes = new byte[OkEdid.EDID_BYTES];
        Arrays.fill(bytes, 0, 128, (byte) 7);
        OkEdid first = new OkEdid(CtrlHeader.of(CtrlType.RESP_OK_EDID), 128, 0, bytes);
        OkEdid second = new OkEdid(CtrlHeader.of(CtrlType.RESP_OK_EDID), 256, 0, new byte[OkEdid.EDID_BYTES]);
        try (TraceWriter w = TraceWriter.create(t, TraceMetadata.of("test"), WriterOptions.DEFAULTS)) {
            w.append(MessageRows.command(0, 0, 0, new GetEdid(CtrlHeader.of(CtrlType.GET_EDID), 1, 0)));
            w.append(MessageRows.command(1, 1, 0, new GetEdid(CtrlHeader.of(CtrlType.GET_EDID), 0, 0)));
            w.append(MessageRows.response(2, 2, 0, 0, first, Pairing.CAPTURE));
            w.append(MessageRows.response(3, 3, 0, 1, new ErrorResponse(CtrlHeader.of(CtrlType.RESP_ERR_UNSPEC)), Pairing.CAPTURE));
            w.append(MessageRows.command(4, 4, 0, new GetEdid(CtrlHeader.of(CtrlType.GET_EDID), 1, 0)));
            w.append(MessageRows.response(5, 5, 0, 4, second, Pairing.CAPTURE));
        }
        ReplayPlan plan = PlanLoader.load(t, PlanLoader.Range.ALL);
        assertEquals(Map.of(1, first), plan.edids());
        assertEquals(Map.of(), PlanLoader.load(t, new PlanLoader.Range(1, 3)).edids(), "only answers to commands in range");
    }

    @Test
    void aTraceOfHeadersOnlyIsRefused() throws IOException {
        Path t = dir.resolve("imported.arrows");
        try (TraceWriter w = TraceWriter.create(t, TraceMetadata.of("ftrace"), WriterOptions.DEFAULTS)) {
            w.append(TraceEvent.command(0, 0, 0, CtrlHeader.of(CtrlType.GET_DISPLAY_INFO), MessageFields.NONE, null));
        }
        PlanException e = assertThrows(PlanException.class, () -> PlanLoader.load(t, PlanLoader.Range.ALL));
        assertTrue(e.getMessage().contains("no payload"), e.getMessage());
    }
}
