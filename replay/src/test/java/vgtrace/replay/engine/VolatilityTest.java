package vgtrace.replay.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import vgtrace.core.protocol.CtrlHeader;
import vgtrace.core.protocol.CtrlType;
import vgtrace.core.protocol.GpuCodec;
import vgtrace.core.protocol.GpuResponse;
import vgtrace.core.protocol.OkCapset;
import vgtrace.core.protocol.OkCapsetInfo;
import vgtrace.core.protocol.OkNodata;

import java.util.List;
import java.util.Optional;

class VolatilityTest {

    private static final Step GET = new Step(7, 0, 0, new byte[24], List.of(), Observed.NOTHING, 0, null);

    private static Optional<Divergence> compare(GpuResponse expected, GpuResponse actual) {
        return Verifier.check(GET, new Observed(GpuCodec.encode(expected), List.of(), List.of()),
                new Observed(GpuCodec.encode(actual), List.of(), List.of()), Verifier.Mode.CAPTURE, List::of);
    }

    @Test
    void capsetBytesAndMaxSizeDependOnTheHostAndAreNotDivergences() {
        CtrlHeader h = CtrlHeader.of(CtrlType.RESP_OK_CAPSET);
        assertTrue(compare(new OkCapset(h, new byte[] {1, 2, 3}), new OkCapset(h, new byte[] {9, 9})).isEmpty());
        CtrlHeader i = CtrlHeader.of(CtrlType.RESP_OK_CAPSET_INFO);
        assertTrue(compare(new OkCapsetInfo(i, 2, 2, 1376, 0), new OkCapsetInfo(i, 2, 2, 1420, 0)).isEmpty());
    }

    @Test
    void capsetIdVersionFenceAndTypeMustMatch() {
        CtrlHeader i = CtrlHeader.of(CtrlType.RESP_OK_CAPSET_INFO);
        assertEquals(Divergence.Kind.RESPONSE, compare(new OkCapsetInfo(i, 2, 2, 1, 0), new OkCapsetInfo(i, 2, 1, 1, 0))
                .orElseThrow().kind());
        var fence3 = new OkNodata(CtrlHeader.fenced(CtrlType.RESP_OK_NODATA, 3, 1, -1));
        var fence4 = new OkNodata(CtrlHeader.fenced(CtrlType.RESP_OK_NODATA, 4, 1, -1));
        Divergence d = compare(fence3, fence4).orElseThrow();
        assertEquals(7, d.seq());
        assertTrue(d.report().contains("fence=3") && d.report().contains("fence=4"), d.report());
    }

    @Test
    void readBacksAndFramesAreComparedOnlyWhenTheCaptureHasThem() {
        Observed none = new Observed(null, List.of(), List.of());
        Observed some = new Observed(null, List.of(42L), List.of(new Observed.FrameKey(0, 2, 5)));
        assertTrue(Verifier.check(GET, none, some, Verifier.Mode.CAPTURE, List::of).isEmpty());
        assertEquals(Divergence.Kind.READBACK, Verifier.check(GET, none, some, Verifier.Mode.STRICT, List::of).orElseThrow().kind());
        Observed otherFrame = new Observed(null, List.of(42L), List.of(new Observed.FrameKey(0, 2, 6)));
        assertEquals(Divergence.Kind.FRAME, Verifier.check(GET, some, otherFrame, Verifier.Mode.CAPTURE, List::of).orElseThrow().kind());
    }
}
