package vgtrace.core.protocol;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class NamesAndTextTest {

    @Test
    void capsetNamesAndBackendSpecificNumbers() {
        assertEquals("VIRGL", Capset.nameOf(1));
        assertEquals("DRM", Capset.nameOf(6));
        assertEquals("7", Capset.nameOf(7));
        assertEquals("4294967295", Capset.nameOf(-1));
    }

    @Test
    void formatBlobAndCacheNames() {
        assertEquals("B8G8R8A8_UNORM", GpuFormat.nameOf(1));
        assertEquals("R8G8B8X8_UNORM", GpuFormat.nameOf(134));
        assertEquals("999", GpuFormat.nameOf(999));
        assertEquals("HOST3D_GUEST", BlobMem.nameOf(3));
        assertEquals("0", BlobMem.nameOf(0));
        assertEquals("USE_MAPPABLE|USE_SHAREABLE|0x8", BlobFlag.describe(0xb));
        assertEquals("0", BlobFlag.describe(0));
        assertEquals("WC", MapCache.nameOf(3));
        assertEquals("CACHED|0x10", MapCache.nameOf(0x11));
    }

    @Test
    void describesHeaderPartsOnlyWhenSet() {
        assertEquals("GET_DISPLAY_INFO",
                MessageText.describe(new GetDisplayInfo(CtrlHeader.of(CtrlType.GET_DISPLAY_INFO))));
        assertEquals("RESP_ERR_INVALID_RESOURCE_ID ctx=3 fence=9 flags=0x9", MessageText.describe(new ErrorResponse(
                new CtrlHeader(CtrlType.RESP_ERR_INVALID_RESOURCE_ID.code(), 9, 9, 3, 0, 0))));
        assertEquals("0x400 body=2 bytes 0102", MessageText.describe(
                new RawMessage(new CtrlHeader(0x400, 0, 0, 0, 0, 0), new byte[]{1, 2})));
    }

    @Test
    void describesBlobsCursorsAndContexts() {
        List<MemEntry> six = new ArrayList<>();
        for (int i = 0; i < 6; i++) six.add(MemEntry.of(0x1000L * (i + 1), 4096));
        assertEquals("RESOURCE_CREATE_BLOB res=5 mem=GUEST flags=USE_MAPPABLE blob_id=0 size=24576 entries=6 "
                        + "[0x1000+4096, 0x2000+4096, 0x3000+4096, 0x4000+4096, ... 2 more]",
                MessageText.describe(ResourceCreateBlob.of(CtrlHeader.of(CtrlType.RESOURCE_CREATE_BLOB), 5, 1, 1, 0,
                        24576, six)));
        assertEquals("MOVE_CURSOR scanout=0 pos=10,4294967295", MessageText.describe(new MoveCursor(
                CtrlHeader.of(CtrlType.MOVE_CURSOR), new CursorPos(0, 10, -1, 0), 0, 0, 0, 0)));
        assertEquals("CTX_CREATE ctx=1 capset=VENUS context_init=0x4 name=\"vkcube\"", MessageText.describe(
                CtxCreate.of(CtrlHeader.of(CtrlType.CTX_CREATE).withContext(1), 4, "vkcube")));
        assertEquals("RESP_OK_MAP_INFO cache=CACHED", MessageText.describe(
                new OkMapInfo(CtrlHeader.of(CtrlType.RESP_OK_MAP_INFO), 1, 0)));
    }

    @Test
    void everyHandMadeMessageHasOneLine() {
        for (GpuMessage m : HandMadeMessages.all()) {
            String line = MessageText.describe(m);
            assertTrue(line.startsWith(CtrlType.nameOf(m.header().type())), line);
            assertFalse(line.contains("\n"), line);
        }
    }
}
