package vgtrace.replay.virgl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class VirglLibraryTest {

    @Test
    void structLayoutsMatchTheCHeaderOnX86_64() {
        assertEquals(44, VirglLibrary.RESOURCE_CREATE_ARGS.byteSize());
        assertEquals(48, VirglLibrary.RESOURCE_CREATE_BLOB_ARGS.byteSize());
        assertEquals(32, VirglLibrary.offset(VirglLibrary.RESOURCE_CREATE_BLOB_ARGS, "iovecs"));
        assertEquals(40, VirglLibrary.offset(VirglLibrary.RESOURCE_CREATE_BLOB_ARGS, "num_iovs"));
        assertEquals(16, VirglLibrary.IOVEC.byteSize());
        assertEquals(24, VirglLibrary.BOX.byteSize());
        assertEquals(36, VirglLibrary.RESOURCE_INFO.byteSize());
        assertEquals(72, VirglLibrary.CALLBACKS.byteSize());
        assertEquals(8, VirglLibrary.offset(VirglLibrary.CALLBACKS, "write_fence"));
        assertEquals(48, VirglLibrary.offset(VirglLibrary.CALLBACKS, "write_context_fence"));
        assertEquals(64, VirglLibrary.offset(VirglLibrary.CALLBACKS, "get_egl_display"));
    }

    @Test
    void aMissingLibraryNamesThePackageToInstall() {
        var e = assertThrows(VirglException.class, () -> VirglLibrary.load("libvgtrace-absent.so.1"));
        assertEquals("load", e.call());
        assertTrue(e.getMessage().contains("libvirglrenderer1"), e.getMessage());
        assertEquals(1, e.getMessage().lines().count());
    }
}
