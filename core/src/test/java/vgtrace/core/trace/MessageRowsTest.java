package vgtrace.core.trace;

import org.junit.jupiter.api.Test;
import vgtrace.core.protocol.CtrlHeader;
import vgtrace.core.protocol.CtrlType;
import vgtrace.core.protocol.DecodeException;
import vgtrace.core.protocol.GpuCodec;
import vgtrace.core.protocol.Rect;
import vgtrace.core.protocol.ResourceFlush;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.*;

class MessageRowsTest {

    private static final byte[] FLUSH = GpuCodec.encode(new ResourceFlush(CtrlHeader.of(CtrlType.RESOURCE_FLUSH),
            new Rect(0, 0, 8, 8), 3, 0));

    @Test
    void aDecodedCommandKeepsTheBytesItCameIn() throws DecodeException {
        byte[] wire = Arrays.copyOf(FLUSH, FLUSH.length + 5);
        wire[wire.length - 1] = 42;
        TraceEvent row = MessageRows.command(4, 10, 0, GpuCodec.decode(wire), wire);
        assertSame(wire, row.payload());
        assertEquals(Integer.valueOf(3), row.fields().resourceId());
        assertArrayEquals(FLUSH, MessageRows.command(4, 10, 0, GpuCodec.decode(wire)).payload(), "built: its encoding");
    }

    @Test
    void refusedBytesWithAHeaderKeepItTheirBytesAndTheError() {
        byte[] wire = Arrays.copyOf(FLUSH, 30);
        DecodeException e = assertThrows(DecodeException.class, () -> GpuCodec.decode(wire));
        TraceEvent row = MessageRows.refused(7, 10, EventKind.RESPONSE, 1, 6, wire, e);
        assertEquals(EventKind.RESPONSE, row.kind());
        assertEquals(CtrlHeader.of(CtrlType.RESOURCE_FLUSH), row.header());
        assertSame(wire, row.payload());
        assertEquals("RESOURCE_FLUSH: struct needs 48 bytes, have 30", row.text());
        assertEquals(6, row.pairSeq());
        assertEquals(Pairing.CAPTURE, row.pairing());
    }

    @Test
    void refusedBytesShorterThanAHeaderBecomeANote() {
        byte[] wire = Arrays.copyOf(FLUSH, 5);
        DecodeException e = assertThrows(DecodeException.class, () -> GpuCodec.decode(wire));
        TraceEvent row = MessageRows.refused(7, 10, EventKind.COMMAND, 0, TraceEvent.NO_SEQ, wire, e);
        assertEquals(EventKind.NOTE, row.kind());
        assertEquals("queue 0: command of 5 bytes does not decode: RESOURCE_FLUSH: header needs 24 bytes, have 5",
                row.text());
    }
}
