package vgtrace.capture.qemu;

import vgtrace.capture.ImportReport;
import vgtrace.capture.Importer;
import vgtrace.capture.LineLoop;
import vgtrace.core.protocol.CtrlHeader;
import vgtrace.core.protocol.CtrlType;
import vgtrace.core.trace.EventKind;
import vgtrace.core.trace.MessageFields;
import vgtrace.core.trace.Pairing;
import vgtrace.core.trace.TraceEvent;
import vgtrace.core.trace.TraceSink;

import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns QEMU's {@code virtio_gpu_*} trace log (the host side of a built-in virtio-gpu device) into
 * trace rows. QEMU traces a command when it starts processing it, then {@code fence_ctrl} right
 * after for a fenced command (same thread, before the next command), and {@code fence_resp} when
 * the fence signals and it answers the command with OK_NODATA. So a command's FENCE flag and
 * fence_id are known, its context only for context commands, its ring never; unfenced commands'
 * responses and some commands (capsets, uuid) are not traced at all.
 */
public final class QemuTraceImporter implements Importer {

    private final boolean strict;
    private final Map<Long, Long> commandByFence = new HashMap<>();
    private TraceSink sink;
    private long nextSeq;
    private long unpairedResponses;
    private boolean sawTimestamps;
    private boolean sawUntimed;
    /** The last command, held until we know whether a fence_ctrl follows it. */
    private Pending pending;

    private record Pending(long tsNs, int queue, CtrlType type, int ctxId, MessageFields fields) { }

    public QemuTraceImporter(boolean strict) {
        this.strict = strict;
    }

    @Override
    public ImportReport importFrom(InputStream log, String inputName, TraceSink sink) throws IOException {
        this.sink = sink;
        ImportReport.Builder report = LineLoop.run(log, inputName, strict, "malformed QEMU trace line",
                (line, lineNo) -> QemuLine.parse(line.toString()), (q, lineNo) -> {
            try {
                return q != null && accept(q) ? LineLoop.USED : LineLoop.NOT_OURS;
            } catch (IllegalArgumentException e) {
                return new LineLoop.Malformed(q.event() + ": " + e.getMessage());
            }
        });
        flushPending(false, 0);
        if (!hasTimestamps()) report.warning("some lines have no timestamp, so rows keep their order but not their "
                + "times; run QEMU with -msg timestamp=on");
        return report.rows(nextSeq).unpairedResponses(unpairedResponses).unansweredCommands(commandByFence.size()).build();
    }

    /** False when some lines had no timestamp: then row times are 0 and only the order is known. */
    public boolean hasTimestamps() {
        return sawTimestamps && !sawUntimed;
    }

    /**
     * Handles one event; false for a virtio-gpu event vgtrace does not use. A malformed event throws
     * IllegalArgumentException (NumberFormatException for a bad number) with the reason.
     */
    private boolean accept(QemuLine q) throws IOException {
        if (q.tsNs() >= 0) sawTimestamps = true;
        else sawUntimed = true;
        long ts = Math.max(q.tsNs(), 0);
        switch (q.event()) {
            case "virtio_gpu_fence_ctrl" -> {
                long fence = q.number("fence");
                int type = (int) q.number("type");
                boolean matches = pending != null && pending.type.code() == type;
                flushPending(matches, fence);
                if (!matches) {
                    throw new IllegalArgumentException("fence_ctrl for " + CtrlType.nameOf(type) + " follows no such command");
                }
            }
            case "virtio_gpu_fence_resp" -> {
                flushPending(false, 0);
                long fence = q.number("fence");
                Long cmd = commandByFence.remove(fence);
                if (cmd == null) unpairedResponses++;
                // QEMU answers every command a fence retires with OK_NODATA.
                CtrlHeader h = new CtrlHeader(CtrlType.RESP_OK_NODATA.code(), CtrlHeader.FLAG_FENCE, fence, 0, 0, 0);
                TraceEvent.Builder response = TraceEvent.builder(nextSeq++, ts, EventKind.RESPONSE).queue(0).header(h)
                        .ringKnown(false);
                sink.append((cmd == null ? response : response.pairSeq(cmd).pairing(Pairing.FENCE)).build());
            }
            case "virtio_gpu_features" -> {
                long virgl = q.number("virgl");
                flushPending(false, 0);
                sink.append(TraceEvent.metadata(nextSeq++, ts, "qemu.virgl", Long.toString(virgl)));
            }
            default -> {
                Pending p = command(q, ts);
                if (p == null) return false;
                flushPending(false, 0);
                pending = p;
            }
        }
        return true;
    }

    /** A command row for a {@code virtio_gpu_cmd_*} or cursor event; {@code null} for other events. */
    private static Pending command(QemuLine q, long ts) {
        MessageFields.Builder f = MessageFields.builder();
        int ctx = 0;
        int queue = 0;
        CtrlType type;
        switch (q.event()) {
            case "virtio_gpu_cmd_get_display_info" -> type = CtrlType.GET_DISPLAY_INFO;
            case "virtio_gpu_cmd_get_edid" -> {
                type = CtrlType.GET_EDID;
                f.scanoutId((int) q.number("scanout"));
            }
            case "virtio_gpu_cmd_set_scanout", "virtio_gpu_cmd_set_scanout_blob" -> {
                type = q.event().endsWith("blob") ? CtrlType.SET_SCANOUT_BLOB : CtrlType.SET_SCANOUT;
                f.scanoutId((int) q.number("id")).resourceId((int) q.number("res"))
                        .rect((int) q.number("x"), (int) q.number("y"), (int) q.number("w"), (int) q.number("h"));
            }
            case "virtio_gpu_cmd_res_create_2d" -> {
                type = CtrlType.RESOURCE_CREATE_2D;
                f.resourceId((int) q.number("res")).format((int) q.number("fmt"))
                        .width((int) q.number("w")).height((int) q.number("h"));
            }
            case "virtio_gpu_cmd_res_create_3d" -> {
                type = CtrlType.RESOURCE_CREATE_3D;
                f.resourceId((int) q.number("res")).format((int) q.number("fmt")).width((int) q.number("w"))
                        .height((int) q.number("h")).depth((int) q.number("d"));
            }
            case "virtio_gpu_cmd_res_create_blob" -> {
                type = CtrlType.RESOURCE_CREATE_BLOB;
                f.resourceId((int) q.number("res")).size(q.number("size"));
            }
            case "virtio_gpu_cmd_res_flush" -> {
                type = CtrlType.RESOURCE_FLUSH;
                f.resourceId((int) q.number("res"))
                        .rect((int) q.number("x"), (int) q.number("y"), (int) q.number("w"), (int) q.number("h"));
            }
            case "virtio_gpu_cmd_res_unref" -> type = resource(CtrlType.RESOURCE_UNREF, q, f);
            case "virtio_gpu_cmd_res_back_attach" -> type = resource(CtrlType.RESOURCE_ATTACH_BACKING, q, f);
            case "virtio_gpu_cmd_res_back_detach" -> type = resource(CtrlType.RESOURCE_DETACH_BACKING, q, f);
            case "virtio_gpu_cmd_res_xfer_toh_2d" -> type = resource(CtrlType.TRANSFER_TO_HOST_2D, q, f);
            case "virtio_gpu_cmd_res_xfer_toh_3d" -> type = resource(CtrlType.TRANSFER_TO_HOST_3D, q, f);
            case "virtio_gpu_cmd_res_xfer_fromh_3d" -> type = resource(CtrlType.TRANSFER_FROM_HOST_3D, q, f);
            case "virtio_gpu_cmd_res_map_blob" -> type = resource(CtrlType.RESOURCE_MAP_BLOB, q, f);
            case "virtio_gpu_cmd_res_unmap_blob" -> type = resource(CtrlType.RESOURCE_UNMAP_BLOB, q, f);
            case "virtio_gpu_cmd_ctx_create" -> {
                type = CtrlType.CTX_CREATE;
                ctx = (int) q.number("ctx");
            }
            case "virtio_gpu_cmd_ctx_destroy" -> {
                type = CtrlType.CTX_DESTROY;
                ctx = (int) q.number("ctx");
            }
            case "virtio_gpu_cmd_ctx_res_attach", "virtio_gpu_cmd_ctx_res_detach" -> {
                type = q.event().endsWith("attach") ? CtrlType.CTX_ATTACH_RESOURCE : CtrlType.CTX_DETACH_RESOURCE;
                ctx = (int) q.number("ctx");
                f.resourceId((int) q.number("res"));
            }
            case "virtio_gpu_cmd_ctx_submit" -> {
                type = CtrlType.SUBMIT_3D;
                ctx = (int) q.number("ctx");
                f.size(q.number("size"));
            }
            case "virtio_gpu_update_cursor" -> {
                boolean move = q.args().containsKey("move");
                type = move ? CtrlType.MOVE_CURSOR : CtrlType.UPDATE_CURSOR;
                queue = 1;
                f.scanoutId((int) q.number("scanout")).resourceId((int) q.number("res"))
                        .rect((int) q.number("x"), (int) q.number("y"), 0, 0);
            }
            default -> {
                return null;
            }
        }
        return new Pending(ts, queue, type, ctx, f.build());
    }

    private static CtrlType resource(CtrlType type, QemuLine q, MessageFields.Builder f) {
        f.resourceId((int) q.number("res"));
        return type;
    }

    /** Writes the held command, fenced when a fence_ctrl followed it. */
    private void flushPending(boolean fenced, long fenceId) throws IOException {
        if (pending == null) return;
        Pending p = pending;
        pending = null;
        CtrlHeader h = new CtrlHeader(p.type.code(), fenced ? CtrlHeader.FLAG_FENCE : 0, fenced ? fenceId : 0,
                p.ctxId, 0, 0);
        long seq = nextSeq++;
        if (fenced) commandByFence.put(fenceId, seq);
        sink.append(TraceEvent.builder(seq, p.tsNs, EventKind.COMMAND).queue(p.queue).header(h).ringKnown(false)
                .fields(p.fields).build());
    }
}
