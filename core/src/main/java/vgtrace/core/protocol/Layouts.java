package vgtrace.core.protocol;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemoryLayout.PathElement;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Every virtio-gpu wire struct as an FFM layout, fields named as in the Linux header
 * {@code include/uapi/linux/virtio_gpu.h}. This is the single truth of the wire format: the codec
 * takes every field offset from here (see {@link #offset}), and a test pins sizes and offsets to the
 * spec's table.
 */
public final class Layouts {

    private Layouts() {
    }

    private static final ValueLayout.OfInt LE32 = ValueLayout.JAVA_INT.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfLong LE64 = ValueLayout.JAVA_LONG.withOrder(ByteOrder.LITTLE_ENDIAN);

    public static final StructLayout CTRL_HDR = plain("virtio_gpu_ctrl_hdr",
            le32("type"), le32("flags"), le64("fence_id"), le32("ctx_id"),
            ValueLayout.JAVA_BYTE.withName("ring_idx"), u8s("padding", 3));

    public static final StructLayout RECT = plain("virtio_gpu_rect",
            le32("x"), le32("y"), le32("width"), le32("height"));

    public static final StructLayout BOX = plain("virtio_gpu_box",
            le32("x"), le32("y"), le32("z"), le32("w"), le32("h"), le32("d"));

    public static final StructLayout CURSOR_POS = plain("virtio_gpu_cursor_pos",
            le32("scanout_id"), le32("x"), le32("y"), le32("padding"));

    public static final StructLayout MEM_ENTRY = plain("virtio_gpu_mem_entry",
            le64("addr"), le32("length"), le32("padding"));

    public static final StructLayout DISPLAY_ONE = plain("virtio_gpu_display_one",
            RECT.withName("r"), le32("enabled"), le32("flags"));

    /** Header-only messages: GET_DISPLAY_INFO, CTX_DESTROY, RESP_OK_NODATA and the RESP_ERR_* types. */
    public static final StructLayout HDR_ONLY = message("virtio_gpu_ctrl_hdr_only");

    public static final StructLayout UPDATE_CURSOR = message("virtio_gpu_update_cursor",
            CURSOR_POS.withName("pos"), le32("resource_id"), le32("hot_x"), le32("hot_y"), le32("padding"));

    public static final StructLayout RESOURCE_UNREF = resourceOnly("virtio_gpu_resource_unref");
    public static final StructLayout RESOURCE_DETACH_BACKING = resourceOnly("virtio_gpu_resource_detach_backing");
    public static final StructLayout RESOURCE_ASSIGN_UUID = resourceOnly("virtio_gpu_resource_assign_uuid");
    public static final StructLayout RESOURCE_UNMAP_BLOB = resourceOnly("virtio_gpu_resource_unmap_blob");
    public static final StructLayout CTX_RESOURCE = resourceOnly("virtio_gpu_ctx_resource");

    public static final StructLayout RESOURCE_CREATE_2D = message("virtio_gpu_resource_create_2d",
            le32("resource_id"), le32("format"), le32("width"), le32("height"));

    public static final StructLayout SET_SCANOUT = message("virtio_gpu_set_scanout",
            RECT.withName("r"), le32("scanout_id"), le32("resource_id"));

    public static final StructLayout RESOURCE_FLUSH = message("virtio_gpu_resource_flush",
            RECT.withName("r"), le32("resource_id"), le32("padding"));

    public static final StructLayout TRANSFER_TO_HOST_2D = message("virtio_gpu_transfer_to_host_2d",
            RECT.withName("r"), le64("offset"), le32("resource_id"), le32("padding"));

    public static final StructLayout RESOURCE_ATTACH_BACKING = message("virtio_gpu_resource_attach_backing",
            le32("resource_id"), le32("nr_entries"));

    public static final StructLayout GET_CAPSET_INFO = message("virtio_gpu_get_capset_info",
            le32("capset_index"), le32("padding"));

    public static final StructLayout GET_CAPSET = message("virtio_gpu_get_capset",
            le32("capset_id"), le32("capset_version"));

    public static final StructLayout CMD_GET_EDID = message("virtio_gpu_cmd_get_edid",
            le32("scanout"), le32("padding"));

    public static final StructLayout RESOURCE_CREATE_BLOB = message("virtio_gpu_resource_create_blob",
            le32("resource_id"), le32("blob_mem"), le32("blob_flags"), le32("nr_entries"),
            le64("blob_id"), le64("size"));

    public static final StructLayout SET_SCANOUT_BLOB = message("virtio_gpu_set_scanout_blob",
            RECT.withName("r"), le32("scanout_id"), le32("resource_id"), le32("width"), le32("height"),
            le32("format"), le32("padding"), le32s("strides", 4), le32s("offsets", 4));

    public static final StructLayout CTX_CREATE = message("virtio_gpu_ctx_create",
            le32("nlen"), le32("context_init"), u8s("debug_name", 64));

    public static final StructLayout RESOURCE_CREATE_3D = message("virtio_gpu_resource_create_3d",
            le32("resource_id"), le32("target"), le32("format"), le32("bind"), le32("width"), le32("height"),
            le32("depth"), le32("array_size"), le32("last_level"), le32("nr_samples"), le32("flags"),
            le32("padding"));

    public static final StructLayout TRANSFER_HOST_3D = message("virtio_gpu_transfer_host_3d",
            BOX.withName("box"), le64("offset"), le32("resource_id"), le32("level"), le32("stride"),
            le32("layer_stride"));

    public static final StructLayout CMD_SUBMIT = message("virtio_gpu_cmd_submit",
            le32("size"), le32("padding"));

    public static final StructLayout RESOURCE_MAP_BLOB = message("virtio_gpu_resource_map_blob",
            le32("resource_id"), le32("padding"), le64("offset"));

    public static final StructLayout RESP_DISPLAY_INFO = message("virtio_gpu_resp_display_info",
            MemoryLayout.sequenceLayout(OkDisplayInfo.MAX_SCANOUTS, DISPLAY_ONE).withName("pmodes"));

    public static final StructLayout RESP_CAPSET_INFO = message("virtio_gpu_resp_capset_info",
            le32("capset_id"), le32("capset_max_version"), le32("capset_max_size"), le32("padding"));

    /** The fixed part of RESP_OK_CAPSET; {@code capset_data[]} follows from offset 24. */
    public static final StructLayout RESP_CAPSET = message("virtio_gpu_resp_capset");

    public static final StructLayout RESP_EDID = message("virtio_gpu_resp_edid",
            le32("size"), le32("padding"), u8s("edid", OkEdid.EDID_BYTES));

    public static final StructLayout RESP_RESOURCE_UUID = message("virtio_gpu_resp_resource_uuid",
            u8s("uuid", OkResourceUuid.UUID_BYTES));

    public static final StructLayout RESP_MAP_INFO = message("virtio_gpu_resp_map_info",
            le32("map_info"), le32("padding"));

    /** The fixed struct a message of this type starts with (its minimum wire size). */
    public static StructLayout of(CtrlType type) {
        return switch (type) {
            case GET_DISPLAY_INFO, CTX_DESTROY, RESP_OK_NODATA, RESP_ERR_UNSPEC, RESP_ERR_OUT_OF_MEMORY,
                 RESP_ERR_INVALID_SCANOUT_ID, RESP_ERR_INVALID_RESOURCE_ID, RESP_ERR_INVALID_CONTEXT_ID,
                 RESP_ERR_INVALID_PARAMETER -> HDR_ONLY;
            case RESOURCE_CREATE_2D -> RESOURCE_CREATE_2D;
            case RESOURCE_UNREF -> RESOURCE_UNREF;
            case SET_SCANOUT -> SET_SCANOUT;
            case RESOURCE_FLUSH -> RESOURCE_FLUSH;
            case TRANSFER_TO_HOST_2D -> TRANSFER_TO_HOST_2D;
            case RESOURCE_ATTACH_BACKING -> RESOURCE_ATTACH_BACKING;
            case RESOURCE_DETACH_BACKING -> RESOURCE_DETACH_BACKING;
            case GET_CAPSET_INFO -> GET_CAPSET_INFO;
            case GET_CAPSET -> GET_CAPSET;
            case GET_EDID -> CMD_GET_EDID;
            case RESOURCE_ASSIGN_UUID -> RESOURCE_ASSIGN_UUID;
            case RESOURCE_CREATE_BLOB -> RESOURCE_CREATE_BLOB;
            case SET_SCANOUT_BLOB -> SET_SCANOUT_BLOB;
            case CTX_CREATE -> CTX_CREATE;
            case CTX_ATTACH_RESOURCE, CTX_DETACH_RESOURCE -> CTX_RESOURCE;
            case RESOURCE_CREATE_3D -> RESOURCE_CREATE_3D;
            case TRANSFER_TO_HOST_3D, TRANSFER_FROM_HOST_3D -> TRANSFER_HOST_3D;
            case SUBMIT_3D -> CMD_SUBMIT;
            case RESOURCE_MAP_BLOB -> RESOURCE_MAP_BLOB;
            case RESOURCE_UNMAP_BLOB -> RESOURCE_UNMAP_BLOB;
            case UPDATE_CURSOR, MOVE_CURSOR -> UPDATE_CURSOR;
            case RESP_OK_DISPLAY_INFO -> RESP_DISPLAY_INFO;
            case RESP_OK_CAPSET_INFO -> RESP_CAPSET_INFO;
            case RESP_OK_CAPSET -> RESP_CAPSET;
            case RESP_OK_EDID -> RESP_EDID;
            case RESP_OK_RESOURCE_UUID -> RESP_RESOURCE_UUID;
            case RESP_OK_MAP_INFO -> RESP_MAP_INFO;
        };
    }

    /** Byte offset of a field, nested names walking into sub-structs: {@code offset(SET_SCANOUT, "r", "x")}. */
    public static long offset(MemoryLayout struct, String... path) {
        return struct.byteOffset(Arrays.stream(path).map(PathElement::groupElement).toArray(PathElement[]::new));
    }

    private static StructLayout plain(String name, MemoryLayout... fields) {
        return MemoryLayout.structLayout(fields).withName(name);
    }

    /** A message struct: the header, then the given fields, as the Linux header declares them. */
    private static StructLayout message(String name, MemoryLayout... fields) {
        MemoryLayout[] all = new MemoryLayout[fields.length + 1];
        all[0] = CTRL_HDR.withName("hdr");
        System.arraycopy(fields, 0, all, 1, fields.length);
        return MemoryLayout.structLayout(all).withName(name);
    }

    private static StructLayout resourceOnly(String name) {
        return message(name, le32("resource_id"), le32("padding"));
    }

    private static MemoryLayout le32(String name) {
        return LE32.withName(name);
    }

    private static MemoryLayout le64(String name) {
        return LE64.withName(name);
    }

    private static MemoryLayout le32s(String name, int count) {
        return MemoryLayout.sequenceLayout(count, LE32).withName(name);
    }

    private static MemoryLayout u8s(String name, int count) {
        return MemoryLayout.sequenceLayout(count, ValueLayout.JAVA_BYTE).withName(name);
    }
}
