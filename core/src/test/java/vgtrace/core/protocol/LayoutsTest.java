package vgtrace.core.protocol;

import org.junit.jupiter.api.Test;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Sizes and offsets written out from the spec table (protocol-facts.md A1), not derived from Layouts. */
class LayoutsTest {

    private static void assertStruct(StructLayout s, long size, Object... fieldsAndOffsets) {
        assertEquals(size, s.byteSize(), s.name().orElseThrow() + " size");
        for (int i = 0; i < fieldsAndOffsets.length; i += 2) {
            String[] path = ((String) fieldsAndOffsets[i]).split("\\.");
            long expected = ((Number) fieldsAndOffsets[i + 1]).longValue();
            assertEquals(expected, Layouts.offset(s, path), s.name().orElseThrow() + "." + fieldsAndOffsets[i]);
        }
    }

    @Test
    void helperStructs() {
        assertStruct(Layouts.CTRL_HDR, 24, "type", 0, "flags", 4, "fence_id", 8, "ctx_id", 16, "ring_idx", 20,
                "padding", 21);
        assertStruct(Layouts.RECT, 16, "x", 0, "y", 4, "width", 8, "height", 12);
        assertStruct(Layouts.BOX, 24, "x", 0, "y", 4, "z", 8, "w", 12, "h", 16, "d", 20);
        assertStruct(Layouts.CURSOR_POS, 16, "scanout_id", 0, "x", 4, "y", 8, "padding", 12);
        assertStruct(Layouts.MEM_ENTRY, 16, "addr", 0, "length", 8, "padding", 12);
        assertStruct(Layouts.DISPLAY_ONE, 24, "r", 0, "enabled", 16, "flags", 20);
        assertEquals(3, Layouts.CTRL_HDR.select(MemoryLayout.PathElement.groupElement("padding")).byteSize());
    }

    @Test
    void twoDimensionalCommands() {
        assertStruct(Layouts.HDR_ONLY, 24, "hdr", 0, "hdr.ring_idx", 20);
        assertStruct(Layouts.RESOURCE_CREATE_2D, 40, "resource_id", 24, "format", 28, "width", 32, "height", 36);
        assertStruct(Layouts.RESOURCE_UNREF, 32, "resource_id", 24, "padding", 28);
        assertStruct(Layouts.SET_SCANOUT, 48, "r", 24, "r.height", 36, "scanout_id", 40, "resource_id", 44);
        assertStruct(Layouts.RESOURCE_FLUSH, 48, "r", 24, "resource_id", 40, "padding", 44);
        assertStruct(Layouts.TRANSFER_TO_HOST_2D, 56, "r", 24, "offset", 40, "resource_id", 48, "padding", 52);
        assertStruct(Layouts.RESOURCE_ATTACH_BACKING, 32, "resource_id", 24, "nr_entries", 28);
        assertStruct(Layouts.RESOURCE_DETACH_BACKING, 32, "resource_id", 24, "padding", 28);
        assertStruct(Layouts.GET_CAPSET_INFO, 32, "capset_index", 24, "padding", 28);
        assertStruct(Layouts.GET_CAPSET, 32, "capset_id", 24, "capset_version", 28);
        assertStruct(Layouts.CMD_GET_EDID, 32, "scanout", 24, "padding", 28);
        assertStruct(Layouts.RESOURCE_ASSIGN_UUID, 32, "resource_id", 24, "padding", 28);
        assertStruct(Layouts.RESOURCE_CREATE_BLOB, 56, "resource_id", 24, "blob_mem", 28, "blob_flags", 32,
                "nr_entries", 36, "blob_id", 40, "size", 48);
        assertStruct(Layouts.SET_SCANOUT_BLOB, 96, "r", 24, "scanout_id", 40, "resource_id", 44, "width", 48,
                "height", 52, "format", 56, "padding", 60, "strides", 64, "offsets", 80);
    }

    @Test
    void threeDimensionalAndCursorCommands() {
        assertStruct(Layouts.CTX_CREATE, 96, "nlen", 24, "context_init", 28, "debug_name", 32);
        assertStruct(Layouts.CTX_RESOURCE, 32, "resource_id", 24, "padding", 28);
        assertStruct(Layouts.RESOURCE_CREATE_3D, 72, "resource_id", 24, "target", 28, "format", 32, "bind", 36,
                "width", 40, "height", 44, "depth", 48, "array_size", 52, "last_level", 56, "nr_samples", 60,
                "flags", 64, "padding", 68);
        assertStruct(Layouts.TRANSFER_HOST_3D, 72, "box", 24, "box.d", 44, "offset", 48, "resource_id", 56,
                "level", 60, "stride", 64, "layer_stride", 68);
        assertStruct(Layouts.CMD_SUBMIT, 32, "size", 24, "padding", 28);
        assertStruct(Layouts.RESOURCE_MAP_BLOB, 40, "resource_id", 24, "padding", 28, "offset", 32);
        assertStruct(Layouts.RESOURCE_UNMAP_BLOB, 32, "resource_id", 24, "padding", 28);
        assertStruct(Layouts.UPDATE_CURSOR, 56, "pos", 24, "pos.padding", 36, "resource_id", 40, "hot_x", 44,
                "hot_y", 48, "padding", 52);
    }

    @Test
    void responses() {
        assertStruct(Layouts.RESP_DISPLAY_INFO, 408, "pmodes", 24);
        assertStruct(Layouts.RESP_CAPSET_INFO, 40, "capset_id", 24, "capset_max_version", 28, "capset_max_size", 32,
                "padding", 36);
        assertStruct(Layouts.RESP_CAPSET, 24);
        assertStruct(Layouts.RESP_EDID, 1056, "size", 24, "padding", 28, "edid", 32);
        assertStruct(Layouts.RESP_RESOURCE_UUID, 40, "uuid", 24);
        assertStruct(Layouts.RESP_MAP_INFO, 32, "map_info", 24, "padding", 28);
    }

    @Test
    void everyTypeHasItsFixedStruct() {
        assertEquals(24, Layouts.of(CtrlType.RESP_ERR_INVALID_PARAMETER).byteSize());
        assertEquals(72, Layouts.of(CtrlType.TRANSFER_FROM_HOST_3D).byteSize());
        assertEquals(56, Layouts.of(CtrlType.MOVE_CURSOR).byteSize());
        for (CtrlType t : CtrlType.values()) {
            assertEquals(0, Layouts.offset(Layouts.of(t), "hdr"), t.name());
        }
    }
}
