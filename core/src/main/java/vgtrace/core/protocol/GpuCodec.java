package vgtrace.core.protocol;

import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * The one decoder and encoder of virtio-gpu control and cursor queue messages. Decoding goes by the
 * header's type alone (commands and responses alike); types the protocol does not define become
 * {@link RawMessage}. Bytes after a complete message are ignored, so {@code encode(decode(b))}
 * equals {@code b} for every exact message. Decoding throws nothing but {@link DecodeException},
 * whatever the bytes.
 */
public final class GpuCodec {

    private GpuCodec() {
    }

    public static GpuMessage decode(byte[] wire) throws DecodeException {
        return decode(MemorySegment.ofArray(wire));
    }

    /** Decodes the bytes between the buffer's position and limit; the buffer itself is not changed. */
    public static GpuMessage decode(ByteBuffer wire) throws DecodeException {
        return decode(MemorySegment.ofBuffer(wire));
    }

    private static GpuMessage decode(MemorySegment s) throws DecodeException {
        if (s.byteSize() < CtrlHeader.SIZE) {
            int type = s.byteSize() >= Integer.BYTES ? Wire.type(s) : DecodeException.NO_TYPE;
            throw new DecodeException(type, "header needs " + CtrlHeader.SIZE + " bytes, have " + s.byteSize());
        }
        CtrlHeader h = Wire.header(s);
        CtrlType type = h.ctrlType();
        if (type == null) return RawMessage.decode(h, s);
        long fixed = Layouts.of(type).byteSize();
        if (s.byteSize() < fixed) {
            throw new DecodeException(h, "struct needs " + fixed + " bytes, have " + s.byteSize());
        }
        return switch (type) {
            case GET_DISPLAY_INFO -> new GetDisplayInfo(h);
            case RESOURCE_CREATE_2D -> ResourceCreate2d.decode(h, s);
            case RESOURCE_UNREF -> ResourceUnref.decode(h, s);
            case SET_SCANOUT -> SetScanout.decode(h, s);
            case RESOURCE_FLUSH -> ResourceFlush.decode(h, s);
            case TRANSFER_TO_HOST_2D -> TransferToHost2d.decode(h, s);
            case RESOURCE_ATTACH_BACKING -> ResourceAttachBacking.decode(h, s);
            case RESOURCE_DETACH_BACKING -> ResourceDetachBacking.decode(h, s);
            case GET_CAPSET_INFO -> GetCapsetInfo.decode(h, s);
            case GET_CAPSET -> GetCapset.decode(h, s);
            case GET_EDID -> GetEdid.decode(h, s);
            case RESOURCE_ASSIGN_UUID -> ResourceAssignUuid.decode(h, s);
            case RESOURCE_CREATE_BLOB -> ResourceCreateBlob.decode(h, s);
            case SET_SCANOUT_BLOB -> SetScanoutBlob.decode(h, s);
            case CTX_CREATE -> CtxCreate.decode(h, s);
            case CTX_DESTROY -> new CtxDestroy(h);
            case CTX_ATTACH_RESOURCE -> CtxAttachResource.decode(h, s);
            case CTX_DETACH_RESOURCE -> CtxDetachResource.decode(h, s);
            case RESOURCE_CREATE_3D -> ResourceCreate3d.decode(h, s);
            case TRANSFER_TO_HOST_3D -> TransferToHost3d.decode(h, s);
            case TRANSFER_FROM_HOST_3D -> TransferFromHost3d.decode(h, s);
            case SUBMIT_3D -> Submit3d.decode(h, s);
            case RESOURCE_MAP_BLOB -> ResourceMapBlob.decode(h, s);
            case RESOURCE_UNMAP_BLOB -> ResourceUnmapBlob.decode(h, s);
            case UPDATE_CURSOR -> UpdateCursor.decode(h, s);
            case MOVE_CURSOR -> MoveCursor.decode(h, s);
            case RESP_OK_NODATA -> new OkNodata(h);
            case RESP_OK_DISPLAY_INFO -> OkDisplayInfo.decode(h, s);
            case RESP_OK_CAPSET_INFO -> OkCapsetInfo.decode(h, s);
            case RESP_OK_CAPSET -> OkCapset.decode(h, s);
            case RESP_OK_EDID -> OkEdid.decode(h, s);
            case RESP_OK_RESOURCE_UUID -> OkResourceUuid.decode(h, s);
            case RESP_OK_MAP_INFO -> OkMapInfo.decode(h, s);
            case RESP_ERR_UNSPEC, RESP_ERR_OUT_OF_MEMORY, RESP_ERR_INVALID_SCANOUT_ID, RESP_ERR_INVALID_RESOURCE_ID,
                 RESP_ERR_INVALID_CONTEXT_ID, RESP_ERR_INVALID_PARAMETER -> new ErrorResponse(h);
        };
    }

    /** The exact wire bytes of a message: its struct, then what follows it (entries, stream, data). */
    public static byte[] encode(GpuMessage m) {
        byte[] wire = new byte[encodedSize(m)];
        MemorySegment s = MemorySegment.ofArray(wire);
        Wire.header(s, m.header());
        switch (m) {
            case GetDisplayInfo _, CtxDestroy _, OkNodata _, ErrorResponse _ -> { }
            case ResourceCreate2d c -> c.encodeBody(s);
            case ResourceUnref c -> c.encodeBody(s);
            case SetScanout c -> c.encodeBody(s);
            case ResourceFlush c -> c.encodeBody(s);
            case TransferToHost2d c -> c.encodeBody(s);
            case ResourceAttachBacking c -> c.encodeBody(s);
            case ResourceDetachBacking c -> c.encodeBody(s);
            case GetCapsetInfo c -> c.encodeBody(s);
            case GetCapset c -> c.encodeBody(s);
            case GetEdid c -> c.encodeBody(s);
            case ResourceAssignUuid c -> c.encodeBody(s);
            case ResourceCreateBlob c -> c.encodeBody(s);
            case SetScanoutBlob c -> c.encodeBody(s);
            case CtxCreate c -> c.encodeBody(s);
            case CtxAttachResource c -> c.encodeBody(s);
            case CtxDetachResource c -> c.encodeBody(s);
            case ResourceCreate3d c -> c.encodeBody(s);
            case TransferToHost3d c -> c.encodeBody(s);
            case TransferFromHost3d c -> c.encodeBody(s);
            case Submit3d c -> c.encodeBody(s);
            case ResourceMapBlob c -> c.encodeBody(s);
            case ResourceUnmapBlob c -> c.encodeBody(s);
            case UpdateCursor c -> c.encodeBody(s);
            case MoveCursor c -> c.encodeBody(s);
            case OkDisplayInfo r -> r.encodeBody(s);
            case OkCapsetInfo r -> r.encodeBody(s);
            case OkCapset r -> r.encodeBody(s);
            case OkEdid r -> r.encodeBody(s);
            case OkResourceUuid r -> r.encodeBody(s);
            case OkMapInfo r -> r.encodeBody(s);
            case RawMessage r -> r.encodeBody(s);
        }
        return wire;
    }

    /** The length of {@link #encode}'s result, without encoding. */
    public static int encodedSize(GpuMessage m) {
        long size = switch (m) {
            case RawMessage r -> CtrlHeader.SIZE + (long) r.body().length;
            case Submit3d c -> Submit3d.FIXED_SIZE + c.commands().length;
            case ResourceAttachBacking c -> ResourceAttachBacking.FIXED_SIZE + entriesSize(c.entries());
            case ResourceCreateBlob c -> ResourceCreateBlob.FIXED_SIZE + entriesSize(c.entries());
            case OkCapset r -> OkCapset.FIXED_SIZE + r.data().length;
            case GpuCommand c -> Layouts.of(c.header().ctrlType()).byteSize();
            case GpuResponse r -> Layouts.of(r.header().ctrlType()).byteSize();
        };
        if (size > Integer.MAX_VALUE - 8) throw new IllegalArgumentException("message of " + size + " bytes");
        return (int) size;
    }

    private static long entriesSize(List<MemEntry> entries) {
        return MemEntry.SIZE * (long) entries.size();
    }
}
