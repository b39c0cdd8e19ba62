package vgtrace.capture.proxy;

import net.jqwik.api.*;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import vgtrace.core.trace.GuestRange;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** How a command's guest ranges are cut into MEMORY rows of bounded size. */
class MemoryRowSplitTest {

    @Test
    void aUsualTransferIsOneRowAndABigOneIsCutInsideARange() {
        List<GuestRange> scanlines = new ArrayList<>();
        for (int i = 0; i < 256; i++) scanlines.add(new GuestRange(0x10000 + i * 5120L, 1024));
        assertEquals(List.of(scanlines), TrafficRecorder.rowsOf(scanlines, TrafficRecorder.ROW_BYTES));

        List<List<GuestRange>> rows = TrafficRecorder.rowsOf(List.of(new GuestRange(0x1000, 10), new GuestRange(0x9000, 6)), 8);
        assertEquals(List.of(List.of(new GuestRange(0x1000, 8)), List.of(new GuestRange(0x1008, 2), new GuestRange(0x9000, 6))),
                rows);
    }

    @Property
    void rowsKeepEveryByteInOrderAndNoneIsTooBig(@ForAll @Size(max = 20) List<@IntRange(min = 1, max = 5000) Integer> lengths,
                                                 @ForAll @IntRange(min = 1, max = 4096) int rowBytes) {
        List<GuestRange> ranges = new ArrayList<>();
        long gpa = 0;
        for (int n : lengths) {
            ranges.add(new GuestRange(gpa, n));
            gpa += n + 4096;
        }
        List<List<GuestRange>> rows = TrafficRecorder.rowsOf(ranges, rowBytes);
        List<GuestRange> flat = new ArrayList<>();
        for (List<GuestRange> row : rows) {
            assertTrue(GuestRange.bytes(row) <= rowBytes && GuestRange.bytes(row) > 0);
            flat.addAll(row);
        }
        assertEquals(ranges, GuestRange.coalesce(flat), "the rows' ranges rejoin into the command's");
        for (int i = 0; i < rows.size() - 1; i++) assertEquals(rowBytes, GuestRange.bytes(rows.get(i)), "only the last row is short");
    }
}
