package vgtrace.core.protocol;

import java.util.Arrays;
import java.util.List;
import java.util.StringJoiner;
import java.util.function.Function;

/**
 * One readable line per message, as {@code vgtrace dump} prints it: the type name, the header's
 * context, ring and fence when set, then the decoded fields, e.g.
 * {@code SUBMIT_3D ctx=2 ring=3 fence=41 size=128}. Unsigned wire values print unsigned.
 */
public final class MessageText {

    private MessageText() {
    }

    /** Lists longer than this print their first entries and a count of the rest. */
    static final int LIST_SHOWN = 4;

    private static final int KNOWN_FLAGS = CtrlHeader.FLAG_FENCE | CtrlHeader.FLAG_INFO_RING_IDX;

    public static String describe(GpuMessage m) {
        String body = body(m);
        return header(m.header()) + (body.isEmpty() ? "" : " " + body);
    }

    private static String header(CtrlHeader h) {
        StringBuilder text = new StringBuilder(CtrlType.nameOf(h.type()));
        if (h.ctxId() != 0) text.append(" ctx=").append(u(h.ctxId()));
        if (h.hasRing()) text.append(" ring=").append(h.ringIdx());
        if (h.fenced()) text.append(" fence=").append(Long.toUnsignedString(h.fenceId()));
        if ((h.flags() & ~KNOWN_FLAGS) != 0) text.append(" flags=0x").append(Integer.toHexString(h.flags()));
        return text.toString();
    }

    private static String body(GpuMessage m) {
        return switch (m) {
            case GetDisplayInfo _, CtxDestroy _, OkNodata _, ErrorResponse _ -> "";
            case ResourceCreate2d c -> res(c.resourceId()) + " fmt=" + GpuFormat.nameOf(c.format()) + " "
                    + u(c.width()) + "x" + u(c.height());
            case ResourceUnref c -> res(c.resourceId());
            case ResourceDetachBacking c -> res(c.resourceId());
            case ResourceAssignUuid c -> res(c.resourceId());
            case ResourceUnmapBlob c -> res(c.resourceId());
            case CtxAttachResource c -> res(c.resourceId());
            case CtxDetachResource c -> res(c.resourceId());
            case SetScanout c -> "scanout=" + u(c.scanoutId()) + " " + res(c.resourceId()) + " rect=" + c.r();
            case ResourceFlush c -> res(c.resourceId()) + " rect=" + c.r();
            case TransferToHost2d c -> res(c.resourceId()) + " rect=" + c.r() + " offset=" + ul(c.offset());
            case ResourceAttachBacking c -> res(c.resourceId()) + " " + entries(c.entries());
            case GetCapsetInfo c -> "index=" + u(c.capsetIndex());
            case GetCapset c -> "capset=" + Capset.nameOf(c.capsetId()) + " version=" + u(c.capsetVersion());
            case GetEdid c -> "scanout=" + u(c.scanout());
            case ResourceCreateBlob c -> res(c.resourceId()) + " mem=" + BlobMem.nameOf(c.blobMem())
                    + " flags=" + BlobFlag.describe(c.blobFlags()) + " blob_id=" + ul(c.blobId())
                    + " size=" + ul(c.size()) + " " + entries(c.entries());
            case SetScanoutBlob c -> "scanout=" + u(c.scanoutId()) + " " + res(c.resourceId()) + " rect=" + c.r()
                    + " " + u(c.width()) + "x" + u(c.height()) + " fmt=" + GpuFormat.nameOf(c.format())
                    + " strides=" + unsigned(c.strides()) + " offsets=" + unsigned(c.offsets());
            case CtxCreate c -> "capset=" + (c.capsetId() == 0 ? "default" : Capset.nameOf(c.capsetId()))
                    + " context_init=0x" + Integer.toHexString(c.contextInit()) + " name=\"" + c.debugName() + "\"";
            case ResourceCreate3d c -> res(c.resourceId()) + " target=" + u(c.target())
                    + " fmt=" + GpuFormat.nameOf(c.format()) + " bind=0x" + Integer.toHexString(c.bind())
                    + " " + u(c.width()) + "x" + u(c.height()) + "x" + u(c.depth()) + " array=" + u(c.arraySize())
                    + " last_level=" + u(c.lastLevel()) + " samples=" + u(c.nrSamples())
                    + " flags=0x" + Integer.toHexString(c.flags());
            case TransferToHost3d c -> transfer3d(c.resourceId(), c.box(), c.offset(), c.level(), c.stride(),
                    c.layerStride());
            case TransferFromHost3d c -> transfer3d(c.resourceId(), c.box(), c.offset(), c.level(), c.stride(),
                    c.layerStride());
            case Submit3d c -> "size=" + u(c.size());
            case ResourceMapBlob c -> res(c.resourceId()) + " offset=0x" + Long.toHexString(c.offset());
            case UpdateCursor c -> cursor(c.pos()) + " " + res(c.resourceId()) + " hot=" + u(c.hotX()) + ","
                    + u(c.hotY());
            case MoveCursor c -> cursor(c.pos());
            case OkDisplayInfo r -> displays(r.pmodes());
            case OkCapsetInfo r -> "capset=" + Capset.nameOf(r.capsetId()) + " max_version="
                    + u(r.capsetMaxVersion()) + " max_size=" + u(r.capsetMaxSize());
            case OkCapset r -> "size=" + r.data().length;
            case OkEdid r -> "size=" + u(r.size());
            case OkResourceUuid r -> "uuid=" + r.uuidText();
            case OkMapInfo r -> "cache=" + MapCache.nameOf(r.mapInfo());
            case RawMessage r -> "body=" + Hex.summary(r.body());
        };
    }

    private static String res(int resourceId) {
        return "res=" + u(resourceId);
    }

    private static String transfer3d(int resourceId, Box box, long offset, int level, int stride, int layerStride) {
        return res(resourceId) + " box=" + box + " offset=" + ul(offset) + " level=" + u(level)
                + " stride=" + u(stride) + " layer_stride=" + u(layerStride);
    }

    private static String cursor(CursorPos pos) {
        return "scanout=" + u(pos.scanoutId()) + " pos=" + u(pos.x()) + "," + u(pos.y());
    }

    private static String entries(List<MemEntry> entries) {
        return "entries=" + entries.size() + " "
                + shortList(entries, e -> "0x" + Long.toHexString(e.addr()) + "+" + u(e.length()));
    }

    private static String displays(List<DisplayMode> modes) {
        StringJoiner text = new StringJoiner(" ");
        for (int i = 0; i < modes.size(); i++) {
            if (modes.get(i).enabled() != 0) text.add(i + ":" + modes.get(i).r());
        }
        return text.length() == 0 ? "enabled=none" : "enabled " + text;
    }

    private static <T> String shortList(List<T> items, Function<T, String> show) {
        StringJoiner text = new StringJoiner(", ", "[", "]");
        items.stream().limit(LIST_SHOWN).map(show).forEach(text::add);
        if (items.size() > LIST_SHOWN) text.add("... " + (items.size() - LIST_SHOWN) + " more");
        return text.toString();
    }

    private static String unsigned(int[] values) {
        return Arrays.stream(values).mapToObj(MessageText::u).toList().toString();
    }

    private static String u(int value) {
        return Integer.toUnsignedString(value);
    }

    private static String ul(long value) {
        return Long.toUnsignedString(value);
    }
}
