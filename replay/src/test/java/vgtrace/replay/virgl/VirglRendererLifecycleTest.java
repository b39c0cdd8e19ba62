package vgtrace.replay.virgl;

import vgtrace.core.protocol.Box;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static vgtrace.replay.virgl.Scenes.check;

import org.junit.jupiter.api.Test;

/** Each test opens and closes its own renderer (one per process at a time). */
class VirglRendererLifecycleTest {

    @Test
    void initAndCleanupThenInitAgain() {
        try (VirglRenderer r = VirglRenderer.init(VirglRenderer.DEFAULT_FLAGS)) {
            assertTrue(r.capsetInfo(1).supported());
        }
        try (VirglRenderer r = VirglRenderer.init(VirglRenderer.DEFAULT_FLAGS)) {
            assertTrue(r.capsetInfo(2).supported());
        }
    }

    @Test
    void aSecondRendererIsRefusedWhileOneIsOpen() {
        try (VirglRenderer r = VirglRenderer.init(VirglRenderer.DEFAULT_FLAGS)) {
            var e = assertThrows(VirglException.class, () -> VirglRenderer.init(VirglRenderer.DEFAULT_FLAGS));
            assertTrue(e.getMessage().contains("already open"), e.getMessage());
            assertTrue(r.capsetInfo(1).supported(), "the open one is unharmed");
        }
    }

    @Test
    void venusAddsCapsetFourAndItsContexts() {
        try (VirglRenderer r = VirglRenderer.init(VirglRenderer.DEFAULT_FLAGS | VirglRenderer.FLAG_VENUS)) {
            CapsetInfo venus = r.capsetInfo(4);
            assertTrue(venus.supported(), "venus capset: " + venus);
            assertEquals(venus.maxSize(), r.fillCapset(4, venus.maxVersion()).length);
            check("createContext", r.createContext(3, "venus", 4));
            r.destroyContext(3);
        }
    }

    @Test
    void callsAfterCloseFailClearly() {
        VirglRenderer r = VirglRenderer.init(VirglRenderer.DEFAULT_FLAGS);
        r.close();
        r.close(); // idempotent
        var e = assertThrows(VirglException.class, () -> r.submitCmd(1, new byte[4]));
        assertEquals("submitCmd", e.call());
        assertEquals("submitCmd: the renderer is closed", e.getMessage());
        assertThrows(VirglException.class, r::poll);
        assertThrows(VirglException.class, () -> r.batch(x -> null));
    }

    @Test
    void theSameSequenceTwiceGivesIdenticalChecksums() {
        String first = runSequence();
        String second = runSequence();
        assertEquals(first, second);
    }

    /** Capsets, a pattern round trip and a clear, hashed together. */
    private static String runSequence() {
        try (VirglRenderer r = VirglRenderer.init(VirglRenderer.DEFAULT_FLAGS)) {
            byte[] caps1 = r.fillCapset(1, r.capsetInfo(1).maxVersion());
            byte[] caps2 = r.fillCapset(2, r.capsetInfo(2).maxVersion());
            check("createContext", r.createContext(1, "determinism", 0));
            Scenes.renderTarget(r, 1, 1);
            r.writeBacking(1, 0, Scenes.pattern());
            check("transferWrite", r.transferWrite(1, 1, 0, Scenes.STRIDE, 0, Box.of2d(Scenes.SIZE, Scenes.SIZE), 0));
            r.writeBacking(1, 0, new byte[Scenes.BYTES]);
            check("transferRead", r.transferRead(1, 1, 0, Scenes.STRIDE, 0, Box.of2d(Scenes.SIZE, Scenes.SIZE), 0));
            byte[] roundTrip = r.readBacking(1);
            Scenes.renderTarget(r, 1, 2);
            byte[] cleared = Scenes.clearAndRead(r, 1, 2, 5, 0.0f, 1.0f, 0.0f, 1.0f);
            return Scenes.sha256(caps1, caps2, roundTrip, cleared);
        }
    }
}
