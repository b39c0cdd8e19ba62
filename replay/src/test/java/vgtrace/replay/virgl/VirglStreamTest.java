package vgtrace.replay.virgl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

class VirglStreamTest {

    private static int[] dwords(byte[] bytes) {
        assertEquals(0, bytes.length % 4);
        int[] out = new int[bytes.length / 4];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asIntBuffer().get(out);
        return out;
    }

    @Test
    void surfaceFramebufferAndClearHaveTheProtocolHeadersAndBodies() {
        int[] d = dwords(new VirglStream()
                .createSurface(3, 7, 1, 0, 0, 0)
                .setFramebufferState(0, 3)
                .clear(VirglStream.CLEAR_COLOR0, 1.0f, 0.0f, 0.5f, 1.0f, 1.0, 0)
                .toBytes());
        long one = Double.doubleToRawLongBits(1.0);
        assertArrayEquals(new int[] {
                1 | 8 << 8 | 5 << 16, 3, 7, 1, 0, 0,        // CREATE_OBJECT(SURFACE), 5 dwords
                5 | 3 << 16, 1, 0, 3,                       // SET_FRAMEBUFFER_STATE, 1 cbuf, no zsurf
                7 | 8 << 16, 4, 0x3f800000, 0, 0x3f000000, 0x3f800000, (int) one, (int) (one >>> 32), 0,
        }, d);
    }

    @Test
    void pipeResourceCreateCarriesElevenDwordsEndingWithTheBlobId() {
        var args = new ResourceArgs(0, ResourceArgs.TARGET_BUFFER, ResourceArgs.FORMAT_R8_UNORM,
                ResourceArgs.BIND_VERTEX_BUFFER, 4096, 1, 1, 1, 0, 0, ResourceArgs.FLAG_MAP_PERSISTENT);
        int[] d = dwords(new VirglStream().pipeResourceCreate(args, 9).toBytes());
        assertArrayEquals(new int[] {48 | 11 << 16, 0, 64, 16, 4096, 1, 1, 1, 0, 0, 2, 9}, d);
    }

    @Test
    void layersArePackedFirstLowLastHigh() {
        int[] d = dwords(new VirglStream().createSurface(1, 2, 1, 3, 4, 6).toBytes());
        assertEquals(3, d[4]);
        assertEquals(4 | 6 << 16, d[5]);
    }

    @Test
    void streamsGrowPastTheirInitialCapacity() {
        var s = new VirglStream();
        for (int i = 0; i < 1000; i++) s.nop();
        assertEquals(4000, s.toBytes().length);
    }
}
