package vgtrace.core.trace;

import org.junit.jupiter.api.Test;
import vgtrace.core.protocol.CtrlHeader;
import vgtrace.core.protocol.CtrlType;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** Rows built by name are the rows the factories build, and a row's builder gives it back. */
class TraceEventTest {

    @Test
    void aBuilderLeavesWhatIsNotSetAbsent() {
        TraceEvent note = TraceEvent.builder(4, 9, EventKind.NOTE).text("x").build();
        assertEquals(TraceEvent.note(4, 9, "x"), note);
        assertNull(note.queue());
        assertEquals(TraceEvent.NO_SEQ, note.pairSeq());
        assertEquals(MessageFields.NONE, note.fields());
        assertTrue(note.ringKnown());
        CtrlHeader h = CtrlHeader.of(CtrlType.RESP_OK_NODATA);
        assertEquals(TraceEvent.response(5, 10, 0, 4, h, MessageFields.NONE, null, Pairing.SEQNO),
                TraceEvent.builder(5, 10, EventKind.RESPONSE).queue(0).pairSeq(4).header(h).pairing(Pairing.SEQNO).build());
        assertThrows(IllegalArgumentException.class, () -> TraceEvent.builder(6, 0, EventKind.COMMAND).build(),
                "a COMMAND needs a header, by name as by position");
    }

    @Test
    void everyRowComesBackFromItsBuilder() {
        for (List<TraceEvent> rows : List.of(TraceSamples.everyKindFull(0), TraceSamples.everyKindBare(100))) {
            for (TraceEvent e : rows) assertEquals(e, e.toBuilder().build(), e.toString());
        }
    }

    @Test
    void withContentChangesPayloadAndHashOnly() {
        TraceEvent m = TraceEvent.memory(3, 7, 1, 9, List.of(new GuestRange(0x1000, 2)), new byte[]{1, 2}, 42, false);
        byte[] bytes = {1, 2};
        TraceEvent full = m.withContent(bytes, 42L);
        assertSame(bytes, full.payload());
        assertEquals(m, full.withContent(null, 42L));
    }
}
