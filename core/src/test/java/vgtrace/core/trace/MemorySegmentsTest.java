package vgtrace.core.trace;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** MEMORY rows of several guest ranges (format version 2) and the single-range rows of version 1 files. */
class MemorySegmentsTest {

    @Test
    void adjacentRangesMergeAndOneRangeIsStoredAsAddrAlone() {
        TraceEvent one = TraceEvent.memory(1, 0, 0, 7, List.of(new GuestRange(0x1000, 4), new GuestRange(0x1004, 4)),
                new byte[8], 5, true);
        assertNull(one.segments(), "two touching ranges are one range");
        assertEquals(0x1000L, one.fields().addr());
        assertEquals(List.of(new GuestRange(0x1000, 8)), one.ranges());

        TraceEvent split = TraceEvent.memory(2, 0, 0, 7, List.of(new GuestRange(0x1000, 4), new GuestRange(0x1004, 2),
                new GuestRange(0x8000, 2)), new byte[8], 5, false);
        assertEquals(List.of(new GuestRange(0x1000, 6), new GuestRange(0x8000, 2)), split.segments());
        assertEquals(8L, split.fields().size());
        assertNull(split.payload(), "a deduplicated row keeps its ranges but not its bytes");
    }

    @Test
    void bytesMustFillTheRanges() {
        assertThrows(IllegalArgumentException.class, () -> TraceEvent.memory(1, 0, 0, 7,
                List.of(new GuestRange(0x1000, 4), new GuestRange(0x9000, 4)), new byte[7], 5, true));
        assertThrows(IllegalArgumentException.class, () -> new GuestRange(0x1000, 0));
        assertThrows(IllegalArgumentException.class, () -> TraceEvent.builder(1, 0, EventKind.NOTE).text("x")
                .segments(List.of(new GuestRange(0, 1))).build());
    }

    @Test
    void versionOneTraceReadsAsSingleRangeRows() throws IOException {
        Path sample = Path.of(System.getProperty("vgtrace.repo", ".."), "samples", "traces", "virgl-sample.arrows");
        assertTrue(Files.isRegularFile(sample), sample + " is the committed version 1 sample");
        int memoryRows = 0;
        try (TraceReader r = TraceReader.open(sample)) {
            assertEquals(1, r.metadata().formatVersion());
            while (r.hasNext()) {
                TraceEvent e = r.next();
                if (e.kind() != EventKind.MEMORY) continue;
                memoryRows++;
                assertNull(e.segments());
                assertEquals(1, e.ranges().size());
                if (e.payload() != null) assertEquals(e.payload().length, e.ranges().getFirst().length());
            }
        }
        assertTrue(memoryRows > 0, "the sample has MEMORY rows");
    }
}
