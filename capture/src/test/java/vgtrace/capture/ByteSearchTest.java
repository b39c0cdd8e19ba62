package vgtrace.capture;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The word-at-a-time search finds what a byte-by-byte loop finds, wherever the range starts and ends. */
class ByteSearchTest {

    private static int naive(byte[] bytes, byte b, int from, int to) {
        for (int i = from; i < to; i++) if (bytes[i] == b) return i;
        return -1;
    }

    @Property(tries = 5000)
    void findsTheFirstOccurrenceInTheRange(@ForAll @Size(max = 70) byte[] bytes, @ForAll byte b,
                                           @ForAll @IntRange(max = 70) int from, @ForAll @IntRange(max = 70) int to) {
        int start = Math.min(from, bytes.length);
        int end = Math.clamp(to, start, bytes.length);
        assertEquals(naive(bytes, b, start, end), ByteSearch.indexOf(bytes, b, start, end));
    }

    @Test
    void everyByteValueAndPositionInAWord() {
        // Bytes above 0x7f and a zero byte next to the one searched for are where a borrow could mislead.
        for (int v = 0; v < 256; v++) {
            for (int at = 0; at < 17; at++) {
                byte[] bytes = new byte[17];
                java.util.Arrays.fill(bytes, (byte) (v ^ 0x80));
                if (at > 0) bytes[at - 1] = 0;
                bytes[at] = (byte) v;
                assertEquals(naive(bytes, (byte) v, 0, 17), ByteSearch.indexOf(bytes, (byte) v, 0, 17), "value " + v + " at " + at);
            }
        }
    }
}
