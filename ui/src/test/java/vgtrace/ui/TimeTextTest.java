package vgtrace.ui;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TimeTextTest {

    @Test
    void durations() {
        assertEquals("850 ns", TimeText.duration(850));
        assertEquals("12.5 us", TimeText.duration(12_500));
        assertEquals("3.25 ms", TimeText.duration(3_250_000));
        assertEquals("1.500 s", TimeText.duration(1_500_000_000L));
    }

    @Property
    void niceStepsAreOneTwoFiveTimesAPowerOfTen(@ForAll @DoubleRange(min = 1, max = 1e12) double target) {
        long step = TimeText.niceStep(target);
        assertTrue(step >= target && step <= target * 5 + 1, target + " -> " + step);
        String digits = Long.toString(step).replaceAll("0+$", "");
        assertTrue(digits.equals("1") || digits.equals("2") || digits.equals("5"), target + " -> " + step);
    }
}
