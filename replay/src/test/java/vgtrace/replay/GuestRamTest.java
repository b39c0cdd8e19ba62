package vgtrace.replay;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class GuestRamTest {

    @Property(tries = 200)
    void whatIsWrittenReadsBackAcrossPageBoundaries(@ForAll @LongRange(min = 0, max = 1L << 40) long addr,
                                                    @ForAll @IntRange(min = 0, max = 20_000) int length) {
        GuestRam ram = new GuestRam(1L << 20);
        byte[] data = new byte[length];
        for (int i = 0; i < length; i++) data[i] = (byte) (i * 31 + 7);
        assertTrue(ram.write(addr, data, 0, length));
        assertArrayEquals(data, ram.read(addr, length));
    }

    @Test
    void unwrittenMemoryReadsAsZeros() {
        assertArrayEquals(new byte[5000], new GuestRam(1 << 20).read(0x7fff_0000L, 5000));
    }

    @Test
    void writesPastTheCapOrWrappingAreRefused() {
        GuestRam ram = new GuestRam(2 * GuestRam.PAGE);
        assertFalse(ram.write(0, new byte[3 * GuestRam.PAGE], 0, 3 * GuestRam.PAGE));
        assertArrayEquals(new byte[16], ram.read(0, 16), "a refused write leaves nothing behind");
        assertFalse(ram.write(Long.MAX_VALUE - 2, new byte[8], 0, 8));
        assertTrue(ram.write(GuestRam.PAGE, new byte[GuestRam.PAGE], 0, GuestRam.PAGE));
    }
}
