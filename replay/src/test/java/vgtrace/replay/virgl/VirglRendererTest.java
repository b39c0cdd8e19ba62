package vgtrace.replay.virgl;

import vgtrace.core.protocol.Box;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static vgtrace.replay.virgl.Scenes.check;

import java.lang.foreign.ValueLayout;
import java.util.List;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** One renderer for the whole class (init costs ~0.1-0.4 s); each test uses its own ids. */
class VirglRendererTest {

    private static VirglRenderer r;

    @BeforeAll
    static void open() {
        r = VirglRenderer.init(VirglRenderer.DEFAULT_FLAGS);
    }

    @AfterAll
    static void close() {
        r.close();
    }

    @Test
    void capsetsOneAndTwoHaveSizesVersionsAndStableBytes() {
        for (int id : new int[] {1, 2}) {
            CapsetInfo info = r.capsetInfo(id);
            assertTrue(info.maxVersion() > 0, "capset " + id + " version " + info.maxVersion());
            assertTrue(info.maxSize() > 0, "capset " + id + " size " + info.maxSize());
            byte[] first = r.fillCapset(id, info.maxVersion());
            assertEquals(info.maxSize(), first.length);
            assertArrayEquals(first, r.fillCapset(id, info.maxVersion()));
        }
    }

    @Test
    void unknownCapsetIsUnsupportedAndFillsNothing() {
        assertTrue(!r.capsetInfo(200).supported());
        assertEquals(0, r.fillCapset(200, 1).length);
    }

    @Test
    void transferWriteThenReadIntoOtherBackingGivesTheSameBytes() {
        int res = 101;
        Scenes.renderTarget(r, 0, res);
        byte[] pattern = Scenes.pattern();
        r.writeBacking(res, 0, pattern);
        check("transferWrite", r.transferWrite(res, 0, 0, Scenes.STRIDE, 0, Box.of2d(Scenes.SIZE, Scenes.SIZE), 0));
        r.detachBacking(res);
        check("attachBacking", r.attachBacking(res, new byte[Scenes.BYTES]));
        assertArrayEquals(new byte[Scenes.BYTES], r.readBacking(res));
        check("transferRead", r.transferRead(res, 0, 0, Scenes.STRIDE, 0, Box.of2d(Scenes.SIZE, Scenes.SIZE), 0));
        assertArrayEquals(pattern, r.readBacking(res));
        assertEquals(Scenes.SIZE, r.resourceInfo(res).orElseThrow().width());
        r.unref(res);
        assertTrue(r.resourceInfo(res).isEmpty());
    }

    @Test
    void virglStreamClearPaintsEveryPixel() {
        int ctx = 11, res = 111;
        check("createContext", r.createContext(ctx, "clear", 0));
        Scenes.renderTarget(r, ctx, res);
        byte[] pixels = Scenes.clearAndRead(r, ctx, res, 1, 1.0f, 0.0f, 1.0f, 1.0f);
        for (int i = 0; i < pixels.length; i += 4) {
            // B8G8R8A8 in memory: blue, green, red, alpha.
            assertEquals((byte) 0xff, pixels[i], "blue at " + i);
            assertEquals(0, pixels[i + 1], "green at " + i);
            assertEquals((byte) 0xff, pixels[i + 2], "red at " + i);
            assertEquals((byte) 0xff, pixels[i + 3], "alpha at " + i);
        }
        r.unref(res);
        r.destroyContext(ctx);
    }

    @Test
    void ctx0FenceSignalsAfterPoll() {
        List<FenceSignal> seen = Scenes.signalGlobal(r, 77);
        assertTrue(seen.stream().anyMatch(s -> s.timeline() == FenceSignal.Timeline.GLOBAL && s.fenceId() >= 77),
                "signals: " + seen);
    }

    @Test
    void contextFenceOnRingZeroSignalsAndRingOneIsRefused() {
        int ctx = 12;
        check("createContext", r.createContext(ctx, "fences", 2)); // context_init = capset VIRGL2
        check("contextCreateFence", r.contextCreateFence(ctx, 0, 0, 5));
        List<FenceSignal> seen = Scenes.pollUntil(r, s -> s.timeline() == FenceSignal.Timeline.CONTEXT);
        assertTrue(seen.contains(FenceSignal.context(ctx, 0, 5)), "signals: " + seen);
        assertEquals(-22, r.contextCreateFence(ctx, 0, 1, 6));
        r.destroyContext(ctx);
    }

    @Test
    void host3dBlobFromPipeResourceMapsAndIsReadable() {
        int ctx = 13, res = 131, blobId = 9, size = 4096;
        check("createContext", r.createContext(ctx, "blob", 0));
        ResourceArgs buffer = new ResourceArgs(0, ResourceArgs.TARGET_BUFFER, ResourceArgs.FORMAT_R8_UNORM,
                ResourceArgs.BIND_VERTEX_BUFFER, size, 1, 1, 1, 0, 0, ResourceArgs.FLAG_MAP_PERSISTENT);
        check("submitCmd", r.submitCmd(ctx, new VirglStream().pipeResourceCreate(buffer, blobId).toBytes()));
        check("createBlob", r.createBlob(new BlobArgs(res, ctx, BlobArgs.MEM_HOST3D, BlobArgs.FLAG_USE_MAPPABLE, blobId, size)));
        BlobMapping map = r.mapBlob(res);
        assertTrue(map.ok(), "map result " + map.result());
        assertEquals(size, map.view().byteSize());
        assertNotEquals(0, map.mapInfo() & 0x0f, "a cache type");
        map.view().set(ValueLayout.JAVA_INT, 128, 0x5eed1234);
        assertEquals(0x5eed1234, map.view().get(ValueLayout.JAVA_INT, 128));
        check("unmapBlob", r.unmapBlob(res));
        assertThrows(IllegalStateException.class, () -> map.view().get(ValueLayout.JAVA_BYTE, 0));
        r.unref(res);
        r.destroyContext(ctx);
    }

    @Test
    void guestBlobCreatesButDoesNotMap() {
        int res = 141;
        check("createBlob", r.createBlob(new BlobArgs(res, 0, BlobArgs.MEM_GUEST, BlobArgs.FLAG_USE_MAPPABLE, 0, 8192),
                new byte[4096], new byte[4096]));
        assertEquals(8192, r.readBacking(res).length);
        BlobMapping map = r.mapBlob(res);
        assertEquals(-22, map.result());
        r.unref(res);
        assertThrows(VirglException.class, () -> r.readBacking(res));
    }

    @Test
    void batchRunsManyCallsInOneHopOnTheRendererThread() {
        assertEquals("virglrenderer", r.batch(x -> Thread.currentThread().getName()));
        r.batch(x -> {
            for (int i = 1; i <= 100; i++) check("createFence", x.createFence(1000 + i, 0));
            x.poll();
            return null;
        });
        List<FenceSignal> seen = Scenes.pollUntil(r, s -> s.timeline() == FenceSignal.Timeline.GLOBAL && s.fenceId() >= 1100);
        assertTrue(seen.stream().anyMatch(s -> s.fenceId() >= 1100), "signals: " + seen);
    }

    @Test
    void callsFromAVirtualThreadStillRunOnTheRendererThread() throws Exception {
        try (var exec = Executors.newVirtualThreadPerTaskExecutor()) {
            byte[] caps = exec.submit(() -> r.fillCapset(2, r.capsetInfo(2).maxVersion())).get();
            assertArrayEquals(r.fillCapset(2, r.capsetInfo(2).maxVersion()), caps);
        }
    }

    @Test
    void malformedBackingRequestsAreDeclaredErrors() {
        int res = 151;
        Scenes.renderTarget(r, 0, res);
        var e = assertThrows(VirglException.class, () -> r.writeBacking(res, Scenes.BYTES - 2, new byte[4]));
        assertEquals("writeBacking", e.call());
        assertThrows(VirglException.class, () -> r.writeBacking(res, -1, new byte[1]));
        assertThrows(VirglException.class, () -> r.readBacking(9999));
        r.unref(res);
    }

    @Test
    void invalidResourceCallsReturnErrorCodes() {
        assertNotEquals(0, r.transferRead(4242, 0, 0, 0, 0, Box.of2d(1, 1), 0));
        assertNotEquals(0, r.attachBacking(4242, new byte[16]));
        assertNotEquals(0, r.unmapBlob(4242));
    }
}
