package vgtrace.core.protocol;

import java.util.Arrays;
import java.util.List;

/** One hand-made message of each of the 39 types, plus a RawMessage, with distinct field values. */
final class HandMadeMessages {

    private HandMadeMessages() {
    }

    static CtrlHeader h(CtrlType t) {
        return new CtrlHeader(t.code(), CtrlHeader.FLAG_FENCE, 41, 2, 0, 0);
    }

    private static byte[] filled(int length, int first) {
        byte[] b = new byte[length];
        for (int i = 0; i < length; i++) b[i] = (byte) (first + i);
        return b;
    }

    static List<GpuMessage> all() {
        Rect r = new Rect(1, 2, 64, 48);
        List<MemEntry> entries = List.of(MemEntry.of(0x1000, 4096), new MemEntry(0x7fff_0000_2000L, 8192, 0xdead));
        return List.of(
                new GetDisplayInfo(CtrlHeader.of(CtrlType.GET_DISPLAY_INFO)),
                new ResourceCreate2d(h(CtrlType.RESOURCE_CREATE_2D), 3, 1, 64, 64),
                new ResourceUnref(h(CtrlType.RESOURCE_UNREF), 3, 0),
                new SetScanout(h(CtrlType.SET_SCANOUT), r, 0, 3),
                new ResourceFlush(h(CtrlType.RESOURCE_FLUSH), r, 3, 0x55),
                new TransferToHost2d(h(CtrlType.TRANSFER_TO_HOST_2D), r, 0x1_0000_0000L, 3, 0),
                ResourceAttachBacking.of(h(CtrlType.RESOURCE_ATTACH_BACKING), 3, entries),
                new ResourceDetachBacking(h(CtrlType.RESOURCE_DETACH_BACKING), 3, 0),
                new GetCapsetInfo(h(CtrlType.GET_CAPSET_INFO), 1, 0),
                new GetCapset(h(CtrlType.GET_CAPSET), 4, 1),
                new GetEdid(h(CtrlType.GET_EDID), 0, 0),
                new ResourceAssignUuid(h(CtrlType.RESOURCE_ASSIGN_UUID), 7, 0),
                ResourceCreateBlob.of(h(CtrlType.RESOURCE_CREATE_BLOB), 8, 1, 3, 0, 1 << 20, entries),
                new SetScanoutBlob(h(CtrlType.SET_SCANOUT_BLOB), r, 0, 8, 64, 48, 1, 0, new int[]{256, 0, 0, 0},
                        new int[]{0, 0, 0, 0}),
                CtxCreate.of(CtrlHeader.fenced(CtrlType.CTX_CREATE, 5, 2, -1), 4, "venus-app"),
                new CtxDestroy(h(CtrlType.CTX_DESTROY)),
                new CtxAttachResource(h(CtrlType.CTX_ATTACH_RESOURCE), 3, 0),
                new CtxDetachResource(h(CtrlType.CTX_DETACH_RESOURCE), 3, 0),
                new ResourceCreate3d(h(CtrlType.RESOURCE_CREATE_3D), 9, 2, 67, 0xa, 128, 64, 1, 1, 0, 0, 1, 0),
                new TransferToHost3d(h(CtrlType.TRANSFER_TO_HOST_3D), new Box(0, 0, 0, 128, 64, 1), 0, 9, 0, 512, 0),
                new TransferFromHost3d(h(CtrlType.TRANSFER_FROM_HOST_3D), new Box(1, 2, 0, 16, 16, 1), 64, 9, 0, 512,
                        0),
                Submit3d.of(CtrlHeader.fenced(CtrlType.SUBMIT_3D, 41, 2, 3), filled(128, 0)),
                new ResourceMapBlob(h(CtrlType.RESOURCE_MAP_BLOB), 8, 0, 0x20_0000),
                new ResourceUnmapBlob(h(CtrlType.RESOURCE_UNMAP_BLOB), 8, 0),
                new UpdateCursor(CtrlHeader.of(CtrlType.UPDATE_CURSOR), new CursorPos(0, 100, 200, 0), 11, 4, 5, 0),
                new MoveCursor(CtrlHeader.of(CtrlType.MOVE_CURSOR), new CursorPos(0, 101, 201, 0), 0, 0, 0, 0),
                new OkNodata(h(CtrlType.RESP_OK_NODATA)),
                OkDisplayInfo.of(h(CtrlType.RESP_OK_DISPLAY_INFO),
                        List.of(new DisplayMode(new Rect(0, 0, 1024, 768), 1, 0))),
                new OkCapsetInfo(h(CtrlType.RESP_OK_CAPSET_INFO), 1, 1, 308, 0),
                new OkCapset(h(CtrlType.RESP_OK_CAPSET), filled(308, 7)),
                new OkEdid(h(CtrlType.RESP_OK_EDID), 128, 0, Arrays.copyOf(filled(128, 0), OkEdid.EDID_BYTES)),
                new OkResourceUuid(h(CtrlType.RESP_OK_RESOURCE_UUID), filled(16, 0xa0)),
                new OkMapInfo(h(CtrlType.RESP_OK_MAP_INFO), 1, 0),
                new ErrorResponse(h(CtrlType.RESP_ERR_UNSPEC)),
                new ErrorResponse(h(CtrlType.RESP_ERR_OUT_OF_MEMORY)),
                new ErrorResponse(h(CtrlType.RESP_ERR_INVALID_SCANOUT_ID)),
                new ErrorResponse(h(CtrlType.RESP_ERR_INVALID_RESOURCE_ID)),
                new ErrorResponse(h(CtrlType.RESP_ERR_INVALID_CONTEXT_ID)),
                new ErrorResponse(h(CtrlType.RESP_ERR_INVALID_PARAMETER)),
                new RawMessage(new CtrlHeader(0x400, 0, 0, 0, 0, 0), filled(10, 1)));
    }
}
