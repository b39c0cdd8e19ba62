package vgtrace.core.bench;

import org.junit.jupiter.api.Test;
import vgtrace.core.virtq.FaultKind;

import java.util.EnumSet;

import static org.junit.jupiter.api.Assertions.*;

class VirtqFuzzTest {

    @Test
    void shortCampaignFindsNothingUnexpectedAndReachesEveryFault() {
        VirtqFuzz.Report report = VirtqFuzz.run(10_000, 42);
        assertEquals(0, report.unexpected(), report.firstUnexpected());
        assertNull(report.firstUnexpected());
        assertEquals(10_000, report.inputs());
        assertEquals(report.walks(), report.chains() + report.faults());
        assertTrue(report.chains() > 1000, report.toString());
        assertTrue(report.idxJumps() > 0 && report.layoutsRefused() > 0, report.toString());
        assertEquals(EnumSet.allOf(FaultKind.class), EnumSet.copyOf(report.faultsByKind().keySet()), report.toString());
    }

    @Test
    void campaignIsDeterministicForASeed() {
        assertEquals(VirtqFuzz.run(300, 7), VirtqFuzz.run(300, 7));
    }
}
