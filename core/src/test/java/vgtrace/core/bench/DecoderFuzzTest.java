package vgtrace.core.bench;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class DecoderFuzzTest {

    @Test
    void shortCampaignFindsNothingUnexpected() {
        FuzzResult r = DecoderFuzz.run(20_000, 42);
        assertEquals(0, r.unexpected(), r.firstUnexpected());
        assertEquals(r.inputs(), r.decoded() + r.rejected());
        assertTrue(r.decoded() > 0 && r.rejected() > 0, r.toString());
    }

    @Test
    void sameSeedSameCampaign() {
        assertEquals(DecoderFuzz.run(2_000, 7), DecoderFuzz.run(2_000, 7));
    }

    @Test
    void benchReturnsPositiveFigures() {
        DecodeBench.Figures f = DecodeBench.measure(200, 0.01, 1);
        assertTrue(f.decodePerSecond() > 0 && f.encodePerSecond() > 0 && f.decodeMegabytesPerSecond() > 0);
    }
}
