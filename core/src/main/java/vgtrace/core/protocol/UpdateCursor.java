package vgtrace.core.protocol;

import java.lang.foreign.MemorySegment;
import java.util.Objects;

/** VIRTIO_GPU_CMD_UPDATE_CURSOR (cursor queue): sets the cursor image from a resource, its hot spot and position. */
public record UpdateCursor(CtrlHeader header, CursorPos pos, int resourceId, int hotX, int hotY,
        int padding) implements GpuCommand {

    public UpdateCursor {
        Require.type(header, CtrlType.UPDATE_CURSOR);
        Objects.requireNonNull(pos, "pos");
    }

    static UpdateCursor decode(CtrlHeader h, MemorySegment s) {
        return UpdateCursorWire.decode(h, s, UpdateCursor::new);
    }

    void encodeBody(MemorySegment s) {
        UpdateCursorWire.encode(s, pos, resourceId, hotX, hotY, padding);
    }
}
