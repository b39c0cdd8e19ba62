package vgtrace.replay.engine;

import static vgtrace.core.protocol.CtrlType.*;

import vgtrace.core.protocol.*;
import vgtrace.core.trace.TraceMetadata;
import vgtrace.core.trace.TraceWriter;
import vgtrace.core.trace.WriterOptions;
import vgtrace.replay.GuestWrite;
import vgtrace.replay.ReplayBackend;
import vgtrace.replay.virgl.ResourceArgs;
import vgtrace.replay.virgl.VirglStream;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A scripted guest that drives a backend as a device and records what happens as a trace (source
 * {@code vgtrace-virgl-recorder}): the replayable sample until proxy captures exist. The 3D script:
 * display info, capsets, EDID; a VIRGL2 context; a 64x64 3D render target written and read back; a
 * 2D scanout resource shown and flushed; a HOST3D blob created from a context object, mapped and
 * unmapped; a GUEST blob; a cursor; then {@code frames} frames paced at 60 Hz as a compositor would,
 * each clearing the render target through a real virgl stream (fenced on ring 0), reading it back
 * (ctx0 fence), uploading and flushing the scanout (ctx0 fence) and moving the cursor; then teardown.
 */
public final class SampleRecorder {

    public static final String SOURCE = "vgtrace-virgl-recorder";
    static final int CTX = 1, RT = 1, SCANOUT_RES = 2, HOST_BLOB = 3, GUEST_BLOB = 4, CURSOR = 5;
    static final int SIZE = 64, BYTES = SIZE * SIZE * 4;
    static final long FRAME_NS = 16_666_667, COMMAND_NS = 30_000;
    static final long RAM = 0x1000_0000L;

    private final boolean threeD;
    private final List<Step> steps = new ArrayList<>();
    private final List<Integer> responding = new ArrayList<>();
    private long tsNs;
    private int required;
    private long fence;

    private SampleRecorder(boolean threeD) {
        this.threeD = threeD;
    }

    /**
     * The scripted commands with their guest memory and pacing; with {@code threeD} false only the 2D
     * part (display info, EDID, scanout resource, uploads, flushes, cursor), which 2D backends serve.
     */
    public static ReplayPlan script(int frames, boolean threeD) {
        SampleRecorder s = new SampleRecorder(threeD);
        s.setup();
        for (int f = 0; f < frames; f++) s.frame(f);
        s.teardown();
        int[] order = s.responding.stream().mapToInt(Integer::intValue).toArray();
        return new ReplayPlan(s.steps, order, TraceMetadata.of(SOURCE), s.tsNs);
    }

    /** Runs the script on {@code backend} and writes the trace to {@code out} (replaced if present). */
    public static ReplayResult record(ReplayBackend backend, Path out, int frames, boolean threeD) throws IOException {
        TraceMetadata meta = TraceMetadata.of(SOURCE).with("backend", backend.describe())
                .with("recorder.frames", Integer.toString(frames)).with("recorder.workload", threeD ? "3d" : "2d");
        try (TraceWriter writer = TraceWriter.create(out, meta, WriterOptions.DEFAULTS.withOverwrite(true))) {
            ReplayEngine engine = new ReplayEngine(backend, ReplayEngine.Options.DEFAULTS
                    .withTiming(ReplayEngine.Timing.ORIGINAL).withVerify(false), new ReplayedTrace(writer, false));
            return engine.run(script(frames, threeD));
        }
    }

    private void setup() {
        send(new GetDisplayInfo(CtrlHeader.of(GET_DISPLAY_INFO)));
        if (threeD) {
            send(new GetCapsetInfo(CtrlHeader.of(GET_CAPSET_INFO), 0, 0));
            send(new GetCapsetInfo(CtrlHeader.of(GET_CAPSET_INFO), 1, 0));
            send(new GetCapset(CtrlHeader.of(GET_CAPSET), 2, 2));
        }
        send(new GetEdid(CtrlHeader.of(GET_EDID), 0, 0));
        if (threeD) renderTarget();
        send(new ResourceCreate2d(CtrlHeader.of(RESOURCE_CREATE_2D), SCANOUT_RES, 2, SIZE, SIZE));
        send(ResourceAttachBacking.of(CtrlHeader.of(RESOURCE_ATTACH_BACKING), SCANOUT_RES, List.of(MemEntry.of(RAM + 0x20000, BYTES))));
        upload(0);
        send(new SetScanout(CtrlHeader.of(SET_SCANOUT), rect(), 0, SCANOUT_RES));
        send(new ResourceFlush(CtrlHeader.of(RESOURCE_FLUSH), rect(), SCANOUT_RES, 0));
        if (threeD) blobs();
        send(new ResourceCreate2d(CtrlHeader.of(RESOURCE_CREATE_2D), CURSOR, 1, SIZE, SIZE));
        send(ResourceAttachBacking.of(CtrlHeader.of(RESOURCE_ATTACH_BACKING), CURSOR, List.of(MemEntry.of(RAM + 0x40000, BYTES))));
        send(new TransferToHost2d(CtrlHeader.of(TRANSFER_TO_HOST_2D), rect(), 0, CURSOR, 0),
                new GuestWrite(CURSOR, RAM + 0x40000, pattern(7)));
        sendCursor(new UpdateCursor(CtrlHeader.of(UPDATE_CURSOR), new CursorPos(0, 10, 10, 0), CURSOR, 1, 1, 0));
    }

    /** The VIRGL2 context and its render target, written and read back. */
    private void renderTarget() {
        send(CtxCreate.of(ctx(CTX_CREATE), 2, "vgtrace-sample"));
        send(new ResourceCreate3d(ctx(RESOURCE_CREATE_3D), RT, ResourceArgs.TARGET_TEXTURE_2D,
                ResourceArgs.FORMAT_B8G8R8A8_UNORM, ResourceArgs.BIND_RENDER_TARGET | ResourceArgs.BIND_SAMPLER_VIEW,
                SIZE, SIZE, 1, 1, 0, 0, 0, 0));
        long rtA = RAM, rtB = RAM + 0x10000;
        send(ResourceAttachBacking.of(ctx(RESOURCE_ATTACH_BACKING), RT,
                List.of(MemEntry.of(rtA, BYTES / 2), MemEntry.of(rtB, BYTES / 2))));
        send(new CtxAttachResource(ctx(CTX_ATTACH_RESOURCE), RT, 0));
        byte[] pattern = pattern(0);
        send(new TransferToHost3d(ctx(TRANSFER_TO_HOST_3D), Box.of2d(SIZE, SIZE), 0, RT, 0, SIZE * 4, 0),
                new GuestWrite(RT, rtA, slice(pattern, 0)), new GuestWrite(RT, rtB, slice(pattern, BYTES / 2)));
        send(new TransferFromHost3d(ctx(TRANSFER_FROM_HOST_3D), Box.of2d(SIZE, SIZE), 0, RT, 0, SIZE * 4, 0));
    }

    private void blobs() {
        var buffer = new ResourceArgs(0, ResourceArgs.TARGET_BUFFER, ResourceArgs.FORMAT_R8_UNORM,
                ResourceArgs.BIND_VERTEX_BUFFER, 4096, 1, 1, 1, 0, 0, ResourceArgs.FLAG_MAP_PERSISTENT);
        send(Submit3d.of(ctx(SUBMIT_3D), new VirglStream().pipeResourceCreate(buffer, 1).toBytes()));
        send(ResourceCreateBlob.of(ctx(RESOURCE_CREATE_BLOB), HOST_BLOB, BlobMem.HOST3D.code(),
                BlobFlag.USE_MAPPABLE.code(), 1, 4096, List.of()));
        send(new ResourceMapBlob(ctx(RESOURCE_MAP_BLOB), HOST_BLOB, 0, 0));
        send(new ResourceUnmapBlob(ctx(RESOURCE_UNMAP_BLOB), HOST_BLOB, 0));
        send(ResourceCreateBlob.of(ctx(RESOURCE_CREATE_BLOB), GUEST_BLOB, BlobMem.GUEST.code(),
                BlobFlag.USE_SHAREABLE.code(), 0, 4096, List.of(MemEntry.of(RAM + 0x30000, 4096))));
    }

    private void frame(int f) {
        tsNs = Math.max(tsNs, (f + 1) * FRAME_NS);
        if (threeD) draw(f);
        upload(f + 1);
        send(new ResourceFlush(CtrlHeader.fenced(RESOURCE_FLUSH, ++fence, 0, -1), rect(), SCANOUT_RES, 0), false);
        sendCursor(new MoveCursor(CtrlHeader.of(MOVE_CURSOR), new CursorPos(0, 10 + f, 10 + f, 0), 0, 0, 0, 0));
        required = responding.size();
    }

    /** Clears the render target through a real virgl stream (ring 0 fence) and reads it back (ctx0 fence). */
    private void draw(int f) {
        VirglStream draw = new VirglStream();
        if (f == 0) draw.createSurface(1, RT, ResourceArgs.FORMAT_B8G8R8A8_UNORM, 0, 0, 0);
        draw.setFramebufferState(0, 1).clear(VirglStream.CLEAR_COLOR0, f / 8f, 1 - f / 8f, 0.5f, 1, 1.0, 0);
        send(Submit3d.of(CtrlHeader.fenced(SUBMIT_3D, ++fence, CTX, 0), draw.toBytes()), false);
        send(new TransferFromHost3d(CtrlHeader.fenced(TRANSFER_FROM_HOST_3D, ++fence, CTX, -1), Box.of2d(SIZE, SIZE), 0, RT, 0,
                SIZE * 4, 0), false);
    }

    private void teardown() {
        send(new SetScanout(CtrlHeader.of(SET_SCANOUT), new Rect(0, 0, 0, 0), 0, 0));
        send(new ResourceUnref(CtrlHeader.of(RESOURCE_UNREF), SCANOUT_RES, 0));
        send(new ResourceUnref(CtrlHeader.of(RESOURCE_UNREF), CURSOR, 0));
        if (!threeD) return;
        for (int res : new int[] {HOST_BLOB, GUEST_BLOB}) send(new ResourceUnref(CtrlHeader.of(RESOURCE_UNREF), res, 0));
        send(new CtxDetachResource(ctx(CTX_DETACH_RESOURCE), RT, 0));
        send(new ResourceUnref(CtrlHeader.of(RESOURCE_UNREF), RT, 0));
        send(new CtxDestroy(ctx(CTX_DESTROY)));
    }

    private void upload(int f) {
        send(new TransferToHost2d(CtrlHeader.of(TRANSFER_TO_HOST_2D), rect(), 0, SCANOUT_RES, 0),
                new GuestWrite(SCANOUT_RES, RAM + 0x20000, pattern(f)));
    }

    /** A synchronous guest command: sent after every earlier response arrived. */
    private void send(GpuCommand c, GuestWrite... memory) {
        send(c, true, memory);
    }

    private void send(GpuCommand c, boolean sync, GuestWrite... memory) {
        add(0, c, memory);
        responding.add(steps.size() - 1);
        if (sync) required = responding.size();
    }

    private void sendCursor(GpuCommand c) {
        add(1, c);
    }

    private void add(int queue, GpuCommand c, GuestWrite... memory) {
        steps.add(new Step(steps.size(), tsNs, queue, GpuCodec.encode(c), List.of(memory), Observed.NOTHING, required, null));
        tsNs += COMMAND_NS;
    }

    private static CtrlHeader ctx(CtrlType type) {
        return CtrlHeader.of(type).withContext(CTX);
    }

    private static Rect rect() {
        return new Rect(0, 0, SIZE, SIZE);
    }

    /** Pixels that differ per position, row and frame. */
    static byte[] pattern(int frame) {
        byte[] p = new byte[BYTES];
        for (int i = 0; i < p.length; i++) p[i] = (byte) (i * 7 + (i / (SIZE * 4)) * 13 + frame * 29);
        return p;
    }

    private static byte[] slice(byte[] b, int from) {
        return Arrays.copyOfRange(b, from, from + BYTES / 2);
    }
}
