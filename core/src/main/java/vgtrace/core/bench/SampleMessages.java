package vgtrace.core.bench;

import vgtrace.core.protocol.*;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Random but valid messages of every type, for fuzzing, benchmarks and property tests. Field values
 * are mostly small, sometimes any 32 or 64 bits (so unsigned extremes appear); padding is mostly
 * zero, sometimes garbage, as real guests may send.
 */
public final class SampleMessages {

    private SampleMessages() {
    }

    private static final int MAX_ENTRIES = 8;
    private static final int MAX_STREAM = 512;

    /** A random message of the given type. */
    public static GpuMessage of(CtrlType type, RandomGenerator rnd) {
        CtrlHeader h = header(type.code(), rnd);
        return switch (type) {
            case GET_DISPLAY_INFO -> new GetDisplayInfo(h);
            case RESOURCE_CREATE_2D -> new ResourceCreate2d(h, u32(rnd), u32(rnd), u32(rnd), u32(rnd));
            case RESOURCE_UNREF -> new ResourceUnref(h, u32(rnd), pad(rnd));
            case SET_SCANOUT -> new SetScanout(h, rect(rnd), u32(rnd), u32(rnd));
            case RESOURCE_FLUSH -> new ResourceFlush(h, rect(rnd), u32(rnd), pad(rnd));
            case TRANSFER_TO_HOST_2D -> new TransferToHost2d(h, rect(rnd), u64(rnd), u32(rnd), pad(rnd));
            case RESOURCE_ATTACH_BACKING -> ResourceAttachBacking.of(h, u32(rnd), entries(rnd));
            case RESOURCE_DETACH_BACKING -> new ResourceDetachBacking(h, u32(rnd), pad(rnd));
            case GET_CAPSET_INFO -> new GetCapsetInfo(h, u32(rnd), pad(rnd));
            case GET_CAPSET -> new GetCapset(h, u32(rnd), u32(rnd));
            case GET_EDID -> new GetEdid(h, u32(rnd), pad(rnd));
            case RESOURCE_ASSIGN_UUID -> new ResourceAssignUuid(h, u32(rnd), pad(rnd));
            case RESOURCE_CREATE_BLOB -> ResourceCreateBlob.of(h, u32(rnd), u32(rnd), u32(rnd), u64(rnd), u64(rnd),
                    entries(rnd));
            case SET_SCANOUT_BLOB -> new SetScanoutBlob(h, rect(rnd), u32(rnd), u32(rnd), u32(rnd), u32(rnd), u32(rnd),
                    pad(rnd), u32s(rnd, SetScanoutBlob.PLANES), u32s(rnd, SetScanoutBlob.PLANES));
            case CTX_CREATE -> new CtxCreate(h, u32(rnd), u32(rnd), bytes(rnd, CtxCreate.DEBUG_NAME_BYTES));
            case CTX_DESTROY -> new CtxDestroy(h);
            case CTX_ATTACH_RESOURCE -> new CtxAttachResource(h, u32(rnd), pad(rnd));
            case CTX_DETACH_RESOURCE -> new CtxDetachResource(h, u32(rnd), pad(rnd));
            case RESOURCE_CREATE_3D -> new ResourceCreate3d(h, u32(rnd), u32(rnd), u32(rnd), u32(rnd), u32(rnd),
                    u32(rnd), u32(rnd), u32(rnd), u32(rnd), u32(rnd), u32(rnd), pad(rnd));
            case TRANSFER_TO_HOST_3D -> new TransferToHost3d(h, box(rnd), u64(rnd), u32(rnd), u32(rnd), u32(rnd),
                    u32(rnd));
            case TRANSFER_FROM_HOST_3D -> new TransferFromHost3d(h, box(rnd), u64(rnd), u32(rnd), u32(rnd), u32(rnd),
                    u32(rnd));
            case SUBMIT_3D -> submit(h, rnd);
            case RESOURCE_MAP_BLOB -> new ResourceMapBlob(h, u32(rnd), pad(rnd), u64(rnd));
            case RESOURCE_UNMAP_BLOB -> new ResourceUnmapBlob(h, u32(rnd), pad(rnd));
            case UPDATE_CURSOR -> new UpdateCursor(h, cursor(rnd), u32(rnd), u32(rnd), u32(rnd), pad(rnd));
            case MOVE_CURSOR -> new MoveCursor(h, cursor(rnd), u32(rnd), u32(rnd), u32(rnd), pad(rnd));
            case RESP_OK_NODATA -> new OkNodata(h);
            case RESP_OK_DISPLAY_INFO -> new OkDisplayInfo(h, modes(rnd));
            case RESP_OK_CAPSET_INFO -> new OkCapsetInfo(h, u32(rnd), u32(rnd), u32(rnd), pad(rnd));
            case RESP_OK_CAPSET -> new OkCapset(h, bytes(rnd, rnd.nextInt(MAX_STREAM)));
            case RESP_OK_EDID -> new OkEdid(h, u32(rnd), pad(rnd), bytes(rnd, OkEdid.EDID_BYTES));
            case RESP_OK_RESOURCE_UUID -> new OkResourceUuid(h, bytes(rnd, OkResourceUuid.UUID_BYTES));
            case RESP_OK_MAP_INFO -> new OkMapInfo(h, u32(rnd), pad(rnd));
            case RESP_ERR_UNSPEC, RESP_ERR_OUT_OF_MEMORY, RESP_ERR_INVALID_SCANOUT_ID, RESP_ERR_INVALID_RESOURCE_ID,
                 RESP_ERR_INVALID_CONTEXT_ID, RESP_ERR_INVALID_PARAMETER -> new ErrorResponse(h);
        };
    }

    /** A random message of a type the protocol does not define. */
    public static RawMessage raw(RandomGenerator rnd) {
        int type;
        do {
            type = rnd.nextBoolean() ? rnd.nextInt() : 0x100 + rnd.nextInt(0x1300);
        } while (CtrlType.lookup(type) != null);
        return new RawMessage(header(type, rnd), bytes(rnd, rnd.nextInt(64)));
    }

    /** A random message of any type, undefined ones included (about one in forty). */
    public static GpuMessage any(RandomGenerator rnd) {
        CtrlType[] types = CtrlType.values();
        int pick = rnd.nextInt(types.length + 1);
        return pick == types.length ? raw(rnd) : of(types[pick], rnd);
    }

    private static CtrlHeader header(int type, RandomGenerator rnd) {
        return new CtrlHeader(type, rnd.nextInt(8) == 0 ? rnd.nextInt() : rnd.nextInt(4), u64(rnd), u32(rnd),
                rnd.nextInt(256), rnd.nextInt(8) == 0 ? rnd.nextInt(0x1000000) : 0);
    }

    private static int u32(RandomGenerator rnd) {
        return rnd.nextInt(4) == 0 ? rnd.nextInt() : rnd.nextInt(4096);
    }

    private static long u64(RandomGenerator rnd) {
        return rnd.nextInt(4) == 0 ? rnd.nextLong() : rnd.nextLong(1L << 32);
    }

    private static int pad(RandomGenerator rnd) {
        return rnd.nextInt(8) == 0 ? rnd.nextInt() : 0;
    }

    private static int[] u32s(RandomGenerator rnd, int count) {
        int[] values = new int[count];
        for (int i = 0; i < count; i++) values[i] = u32(rnd);
        return values;
    }

    private static byte[] bytes(RandomGenerator rnd, int count) {
        byte[] values = new byte[count];
        rnd.nextBytes(values);
        return values;
    }

    private static Rect rect(RandomGenerator rnd) {
        return new Rect(u32(rnd), u32(rnd), u32(rnd), u32(rnd));
    }

    private static Box box(RandomGenerator rnd) {
        return new Box(u32(rnd), u32(rnd), u32(rnd), u32(rnd), u32(rnd), u32(rnd));
    }

    private static CursorPos cursor(RandomGenerator rnd) {
        return new CursorPos(u32(rnd), u32(rnd), u32(rnd), pad(rnd));
    }

    private static Submit3d submit(CtrlHeader h, RandomGenerator rnd) {
        byte[] commands = bytes(rnd, rnd.nextInt(MAX_STREAM));
        return new Submit3d(h, commands.length, pad(rnd), commands);
    }

    private static List<MemEntry> entries(RandomGenerator rnd) {
        List<MemEntry> entries = new ArrayList<>();
        for (int i = rnd.nextInt(MAX_ENTRIES + 1); i > 0; i--) entries.add(new MemEntry(u64(rnd), u32(rnd), pad(rnd)));
        return entries;
    }

    private static List<DisplayMode> modes(RandomGenerator rnd) {
        List<DisplayMode> modes = new ArrayList<>();
        for (int i = 0; i < OkDisplayInfo.MAX_SCANOUTS; i++) modes.add(new DisplayMode(rect(rnd), u32(rnd), u32(rnd)));
        return modes;
    }
}
