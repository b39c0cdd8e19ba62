package vgtrace.core.protocol;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.*;

class CtrlTypeTest {

    @Test
    void definesAllThirtyNineTypesWithDistinctCodes() {
        assertEquals(39, CtrlType.values().length);
        assertEquals(39, Arrays.stream(CtrlType.values()).map(CtrlType::code).distinct().count());
    }

    @Test
    void familiesHaveTheSpecCounts() {
        Map<CtrlType.Kind, Long> perKind = Arrays.stream(CtrlType.values())
                .collect(Collectors.groupingBy(CtrlType::kind, Collectors.counting()));
        assertEquals(14, perKind.get(CtrlType.Kind.COMMAND_2D));
        assertEquals(10, perKind.get(CtrlType.Kind.COMMAND_3D));
        assertEquals(2, perKind.get(CtrlType.Kind.CURSOR));
        assertEquals(7, perKind.get(CtrlType.Kind.RESPONSE_OK));
        assertEquals(6, perKind.get(CtrlType.Kind.RESPONSE_ERR));
    }

    @Test
    void lookupFindsEveryCode() {
        for (CtrlType t : CtrlType.values()) assertSame(t, CtrlType.lookup(t.code()));
        assertEquals(0x207, CtrlType.SUBMIT_3D.code());
        assertEquals(0x1106, CtrlType.RESP_OK_MAP_INFO.code());
    }

    @Property
    void undefinedCodesAreEmptyAndNamedInHex(@ForAll int code) {
        CtrlType t = CtrlType.lookup(code);
        if (t == null) {
            assertTrue(CtrlType.of(code).isEmpty());
            assertEquals(String.format("0x%x", code), CtrlType.nameOf(code));
        } else {
            assertEquals(code, t.code());
        }
    }
}
