package vgtrace.core.synth;

import vgtrace.core.protocol.*;
import vgtrace.core.trace.MemoryDedup;
import vgtrace.core.trace.MessageRows;
import vgtrace.core.trace.Pairing;
import vgtrace.core.trace.TraceSink;

import java.io.IOException;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.PriorityQueue;
import java.util.SplittableRandom;

/**
 * Writes protocol-valid synthetic traffic for tests and benchmarks: an opening tour that sends every
 * one of the 39 message types (and one undefined type), then the traffic of the spec's
 * {@link SyntheticTrace.Shape}: a steady mix of fenced SUBMIT_3D on several (context, ring)
 * timelines, 3D transfers with the guest memory they read, 2D flushes, cursor moves and blob
 * lifecycles ({@code MIXED}), or client sessions that reuse context, resource and blob ids as a long
 * real session does ({@code REAL}); both with some errors and leaked blobs. Real traces come from
 * real guests; this one exercises scale and edge cases.
 *
 * <p>Fences follow the Linux driver: one device-wide counter, so each timeline's fence ids increase
 * but are sparse; a timeline's fences signal in order, timelines overlap.
 */
public final class TraceGenerator {

    private static final int CONTROL = 0;
    private static final int CURSOR = 1;
    private static final int PAGE = 4096;
    private static final int SCANOUT_RES = 1;
    private static final int CURSOR_RES = 2;
    private static final int UNDEFINED_TYPE = 0x400;

    private final SyntheticTrace spec;
    private final SplittableRandom random;
    private final TraceSink sink;
    private final MemoryDedup dedup = new MemoryDedup();
    private final byte[][] pagePatterns = new byte[16][];
    /** Responses not yet written, by time: fenced responses come back later than their commands. */
    private final PriorityQueue<PendingResponse> pending = new PriorityQueue<>();
    private final long[] ringBusyUntil;
    private final List<Integer> liveBlobs = new ArrayList<>();
    /** REAL shape: the sessions running, one per context id in use, and the ids in use. */
    private final List<Session> sessions = new ArrayList<>();
    private final BitSet contextsInUse = new BitSet();
    private final BitSet resourcesInUse = new BitSet();
    private long seq;
    private long now = 1_000_000;
    private long fenceCounter;
    private long messages;
    private int nextResource = 16;
    private long responseOrder;

    private record PendingResponse(long ts, long order, long commandSeq, int queue, GpuMessage response)
            implements Comparable<PendingResponse> {
        @Override
        public int compareTo(PendingResponse o) {
            int c = Long.compare(ts, o.ts);
            return c != 0 ? c : Long.compare(order, o.order);
        }
    }

    public TraceGenerator(SyntheticTrace spec, TraceSink sink) {
        this.spec = spec;
        this.random = new SplittableRandom(spec.seed());
        this.sink = sink;
        this.ringBusyUntil = new long[spec.contexts() * spec.ringsPerContext() + 1]; // the last: device-wide
        for (int i = 0; i < pagePatterns.length; i++) {
            pagePatterns[i] = new byte[PAGE];
            new SplittableRandom(spec.seed() + i).nextBytes(pagePatterns[i]);
        }
    }

    /** Generates the whole trace; returns the number of rows written. */
    public long run() throws IOException {
        openingTour();
        if (spec.shape() == SyntheticTrace.Shape.REAL) {
            for (int ctx = 1; ctx <= spec.contexts(); ctx++) exchange(new CtxDestroy(CtrlHeader.of(CtrlType.CTX_DESTROY).withContext(ctx)), nodata());
            while (messages < spec.messages()) sessionStep();
            for (Session s : List.copyOf(sessions)) endSession(s);
        } else {
            while (messages < spec.messages()) steadyStep();
        }
        drainResponses(Long.MAX_VALUE);
        return seq;
    }

    // ---- the opening tour: every message type once ----

    private void openingTour() throws IOException {
        DisplayMode mode = new DisplayMode(new Rect(0, 0, 1024, 768), 1, 0);
        exchange(new GetDisplayInfo(CtrlHeader.of(CtrlType.GET_DISPLAY_INFO)), OkDisplayInfo.of(CtrlHeader.of(CtrlType.RESP_OK_DISPLAY_INFO), List.of(mode)));
        exchange(new GetEdid(CtrlHeader.of(CtrlType.GET_EDID), 0, 0),
                new OkEdid(CtrlHeader.of(CtrlType.RESP_OK_EDID), 128, 0, new byte[OkEdid.EDID_BYTES]));
        int[][] capsets = {{1, 1, 308}, {2, 2, 1376}, {4, 0, 160}};
        for (int i = 0; i < capsets.length; i++) {
            int[] c = capsets[i];
            exchange(new GetCapsetInfo(CtrlHeader.of(CtrlType.GET_CAPSET_INFO), i, 0),
                    new OkCapsetInfo(CtrlHeader.of(CtrlType.RESP_OK_CAPSET_INFO), c[0], c[1], c[2], 0));
            byte[] data = new byte[c[2]];
            random.nextBytes(data);
            exchange(new GetCapset(CtrlHeader.of(CtrlType.GET_CAPSET), c[0], c[1]), new OkCapset(CtrlHeader.of(CtrlType.RESP_OK_CAPSET), data));
        }
        // 2D scanout and cursor, as fbcon would set them up.
        exchange(new ResourceCreate2d(CtrlHeader.of(CtrlType.RESOURCE_CREATE_2D), SCANOUT_RES, GpuFormat.B8G8R8X8_UNORM.code(), 1024, 768), nodata());
        exchange(ResourceAttachBacking.of(CtrlHeader.of(CtrlType.RESOURCE_ATTACH_BACKING), SCANOUT_RES,
                List.of(new MemEntry(0x1_0000_0000L, 1024 * 768 * 4, 0))), nodata());
        exchange(new SetScanout(CtrlHeader.of(CtrlType.SET_SCANOUT), new Rect(0, 0, 1024, 768), 0, SCANOUT_RES), nodata());
        transfer2d(SCANOUT_RES, 0x1_0000_0000L);
        exchange(new ResourceFlush(CtrlHeader.of(CtrlType.RESOURCE_FLUSH), new Rect(0, 0, 1024, 768), SCANOUT_RES, 0), nodata());
        exchange(new ResourceAssignUuid(CtrlHeader.of(CtrlType.RESOURCE_ASSIGN_UUID), SCANOUT_RES, 0),
                new OkResourceUuid(CtrlHeader.of(CtrlType.RESP_OK_RESOURCE_UUID), uuid()));
        exchange(new ResourceCreate2d(CtrlHeader.of(CtrlType.RESOURCE_CREATE_2D), CURSOR_RES, GpuFormat.B8G8R8A8_UNORM.code(), 64, 64), nodata());
        exchangeOn(CURSOR, new UpdateCursor(CtrlHeader.of(CtrlType.UPDATE_CURSOR), new CursorPos(0, 10, 10, 0), CURSOR_RES, 1, 1, 0), null);
        exchangeOn(CURSOR, new MoveCursor(CtrlHeader.of(CtrlType.MOVE_CURSOR), new CursorPos(0, 20, 20, 0), 0, 0, 0, 0), null);
        // Contexts with their capsets; the first context gets one of every 3D command.
        for (int ctx = 1; ctx <= spec.contexts(); ctx++) {
            int capset = ctx % 2 == 1 ? Capset.VIRGL2.code() : Capset.VENUS.code();
            exchange(CtxCreate.of(CtrlHeader.of(CtrlType.CTX_CREATE).withContext(ctx), capset, "synthetic-" + ctx), nodata());
        }
        int res3d = createResource3d(1);
        exchange(new TransferFromHost3d(CtrlHeader.of(CtrlType.TRANSFER_FROM_HOST_3D).withContext(1), new Box(0, 0, 0, 64, 64, 1),
                0, res3d, 0, 256, 0), nodata());
        int blob = createBlob(1, true);
        exchange(new SetScanoutBlob(CtrlHeader.of(CtrlType.SET_SCANOUT_BLOB), new Rect(0, 0, 64, 64), 0, blob, 64, 64,
                GpuFormat.B8G8R8X8_UNORM.code(), 0, new int[] {256, 0, 0, 0}, new int[4]), nodata());
        exchange(new SetScanout(CtrlHeader.of(CtrlType.SET_SCANOUT), new Rect(0, 0, 1024, 768), 0, SCANOUT_RES), nodata());
        destroyBlob(1, blob);
        exchange(new CtxDetachResource(CtrlHeader.of(CtrlType.CTX_DETACH_RESOURCE).withContext(1), res3d, 0), nodata());
        exchange(new ResourceDetachBacking(CtrlHeader.of(CtrlType.RESOURCE_DETACH_BACKING), res3d, 0), nodata());
        exchange(new ResourceUnref(CtrlHeader.of(CtrlType.RESOURCE_UNREF), res3d, 0), nodata());
        // Each error response once, and a type the protocol does not define.
        for (CtrlType err : List.of(CtrlType.RESP_ERR_UNSPEC, CtrlType.RESP_ERR_OUT_OF_MEMORY,
                CtrlType.RESP_ERR_INVALID_SCANOUT_ID, CtrlType.RESP_ERR_INVALID_RESOURCE_ID,
                CtrlType.RESP_ERR_INVALID_CONTEXT_ID, CtrlType.RESP_ERR_INVALID_PARAMETER)) {
            deliberateError(err);
        }
        exchange(new RawMessage(new CtrlHeader(UNDEFINED_TYPE, 0, 0, 0, 0, 0), new byte[8]),
                new ErrorResponse(CtrlHeader.of(CtrlType.RESP_ERR_UNSPEC)));
        // A context that is destroyed again, so CTX_DESTROY appears.
        int last = spec.contexts() + 1;
        exchange(CtxCreate.of(CtrlHeader.of(CtrlType.CTX_CREATE).withContext(last), Capset.VIRGL.code(), "short-lived"), nodata());
        exchange(new CtxDestroy(CtrlHeader.of(CtrlType.CTX_DESTROY).withContext(last)), nodata());
    }

    // ---- the steady mix ----

    private void steadyStep() throws IOException {
        int ctx = 1 + random.nextInt(spec.contexts());
        if (spec.errorEvery() > 0 && random.nextInt(spec.errorEvery()) == 0) {
            deliberateError(CtrlType.RESP_ERR_INVALID_RESOURCE_ID);
            return;
        }
        int pick = random.nextInt(100);
        if (pick < 70) {
            submit(ctx, random.nextInt(spec.ringsPerContext()));
        } else if (pick < 78) {
            int res = createResource3d(ctx);
            transfer3d(ctx, res, false);
        } else if (pick < 86) {
            transfer2d(SCANOUT_RES, 0x1_0000_0000L);
            exchange(new ResourceFlush(CtrlHeader.of(CtrlType.RESOURCE_FLUSH), new Rect(0, 0, 1024, 768), SCANOUT_RES, 0), nodata());
        } else if (pick < 92) {
            exchangeOn(CURSOR, new MoveCursor(CtrlHeader.of(CtrlType.MOVE_CURSOR),
                    new CursorPos(0, random.nextInt(1024), random.nextInt(768), 0), 0, 0, 0, 0), null);
        } else if (pick < 97 || liveBlobs.isEmpty()) {
            int blob = createBlob(ctx, random.nextBoolean());
            if (spec.leakEvery() == 0 || random.nextInt(spec.leakEvery()) != 0) liveBlobs.add(blob);
        } else {
            destroyBlob(ctx, liveBlobs.remove(random.nextInt(liveBlobs.size())));
        }
    }

    // ---- the real shape: client sessions reusing ids ----

    /** A client's context with its resources and blobs; blob ids count from 1 in each context. */
    private static final class Session {
        final int ctx;
        final List<Integer> resources = new ArrayList<>();
        final List<Integer> blobs = new ArrayList<>();
        long framesLeft;
        long nextBlobId = 1;

        Session(int ctx, long frames) {
            this.ctx = ctx;
            this.framesLeft = frames;
        }
    }

    /** Starts a session while fewer than {@code contexts} run, else advances a random one by a frame. */
    private void sessionStep() throws IOException {
        if (sessions.size() < spec.contexts()) {
            startSession();
            return;
        }
        Session s = sessions.get(random.nextInt(sessions.size()));
        if (s.framesLeft-- <= 0) {
            endSession(s);
        } else {
            frame(s);
        }
    }

    private void startSession() throws IOException {
        int ctx = contextsInUse.nextClearBit(1);
        contextsInUse.set(ctx);
        Session s = new Session(ctx, 20 + random.nextInt(200));
        sessions.add(s);
        exchange(CtxCreate.of(CtrlHeader.of(CtrlType.CTX_CREATE).withContext(ctx), Capset.VIRGL2.code(), "client"), nodata());
        for (int i = 4 + random.nextInt(5); i > 0; i--) s.resources.add(createResource3d(ctx, lowestFreeResource()));
        for (int i = 1 + random.nextInt(2); i > 0; i--) sessionBlob(s);
    }

    /** One frame: a fenced submit on the context's ring 0, a transfer (now and then fenced), a flush, a cursor move. */
    private void frame(Session s) throws IOException {
        if (spec.errorEvery() > 0 && random.nextInt(spec.errorEvery()) == 0) {
            deliberateError(CtrlType.RESP_ERR_INVALID_RESOURCE_ID);
        }
        submit(s.ctx, 0);
        transfer3d(s.ctx, s.resources.get(random.nextInt(s.resources.size())), random.nextInt(8) == 0);
        if (random.nextBoolean()) {
            exchange(new ResourceFlush(CtrlHeader.of(CtrlType.RESOURCE_FLUSH), new Rect(0, 0, 1024, 768), SCANOUT_RES, 0), nodata());
        } else {
            exchangeOn(CURSOR, new MoveCursor(CtrlHeader.of(CtrlType.MOVE_CURSOR),
                    new CursorPos(0, random.nextInt(1024), random.nextInt(768), 0), 0, 0, 0, 0), null);
        }
        if (!s.blobs.isEmpty() && random.nextInt(32) == 0) { // a buffer replaced mid-session
            releaseBlob(s, s.blobs.removeFirst());
            sessionBlob(s);
        }
    }

    private void endSession(Session s) throws IOException {
        for (int res : s.resources) {
            exchange(new CtxDetachResource(CtrlHeader.of(CtrlType.CTX_DETACH_RESOURCE).withContext(s.ctx), res, 0), nodata());
            exchange(new ResourceUnref(CtrlHeader.of(CtrlType.RESOURCE_UNREF), res, 0), nodata());
            resourcesInUse.clear(res);
        }
        for (int blob : s.blobs) releaseBlob(s, blob);
        exchange(new CtxDestroy(CtrlHeader.of(CtrlType.CTX_DESTROY).withContext(s.ctx)), nodata());
        contextsInUse.clear(s.ctx);
        sessions.remove(s);
    }

    /** A mapped HOST3D blob of the session: its blob id is the context's next, its resource id the lowest free. */
    private void sessionBlob(Session s) throws IOException {
        int res = lowestFreeResource();
        long size = (1L + random.nextInt(64)) * PAGE;
        exchange(ResourceCreateBlob.of(CtrlHeader.of(CtrlType.RESOURCE_CREATE_BLOB).withContext(s.ctx), res,
                BlobMem.HOST3D.code(), BlobFlag.USE_MAPPABLE.code(), s.nextBlobId++, size, List.of()), nodata());
        exchange(new ResourceMapBlob(CtrlHeader.of(CtrlType.RESOURCE_MAP_BLOB).withContext(s.ctx), res, 0, 0),
                new OkMapInfo(CtrlHeader.of(CtrlType.RESP_OK_MAP_INFO), MapCache.CACHED.code(), 0));
        if (spec.leakEvery() > 0 && random.nextInt(spec.leakEvery()) == 0) return; // leaked: its id stays taken
        s.blobs.add(res);
    }

    private void releaseBlob(Session s, int res) throws IOException {
        destroyBlob(s.ctx, res);
        resourcesInUse.clear(res);
    }

    /** The lowest resource id not in use, as the Linux driver's id allocator hands them out. */
    private int lowestFreeResource() {
        int res = resourcesInUse.nextClearBit(CURSOR_RES + 1);
        resourcesInUse.set(res);
        return res;
    }

    private void submit(int ctx, int ring) throws IOException {
        byte[] stream = new byte[4 * (4 + random.nextInt(60))];
        random.nextBytes(stream);
        long fence = ++fenceCounter;
        CtrlHeader h = CtrlHeader.fenced(CtrlType.SUBMIT_3D, fence, ctx, ring);
        Submit3d cmd = Submit3d.of(h, stream);
        // A timeline retires in order: its fence signals after its previous one.
        int timeline = (ctx - 1) * spec.ringsPerContext() + ring;
        long cmdSeq = emitCommand(CONTROL, cmd);
        schedule(signalTime(timeline, 50_000 + random.nextInt(2_000_000)), cmdSeq, CONTROL, new OkNodata(okFenced(h)));
    }

    /** When a fence on {@code timeline} signals, at least {@code work} ns from now and after the timeline's previous fence. */
    private long signalTime(int timeline, long work) {
        long done = Math.max(now + work, ringBusyUntil[timeline] + 1_000);
        ringBusyUntil[timeline] = done;
        return done;
    }

    private int createResource3d(int ctx) throws IOException {
        return createResource3d(ctx, nextResource++);
    }

    private int createResource3d(int ctx, int res) throws IOException {
        exchange(new ResourceCreate3d(CtrlHeader.of(CtrlType.RESOURCE_CREATE_3D).withContext(ctx), res, 2,
                GpuFormat.B8G8R8A8_UNORM.code(), 2, 64, 64, 1, 1, 0, 0, 0, 0), nodata());
        exchange(ResourceAttachBacking.of(CtrlHeader.of(CtrlType.RESOURCE_ATTACH_BACKING), res,
                List.of(new MemEntry(backingAddr(res), 64 * 64 * 4, 0))), nodata());
        exchange(new CtxAttachResource(CtrlHeader.of(CtrlType.CTX_ATTACH_RESOURCE).withContext(ctx), res, 0), nodata());
        return res;
    }

    /** A 3D transfer; a fenced one is on the device-wide timeline (FENCE without INFO_RING_IDX), as Mesa sends them. */
    private void transfer3d(int ctx, int res, boolean fenced) throws IOException {
        CtrlHeader h = fenced ? CtrlHeader.fenced(CtrlType.TRANSFER_TO_HOST_3D, ++fenceCounter, ctx, -1)
                : CtrlHeader.of(CtrlType.TRANSFER_TO_HOST_3D).withContext(ctx);
        long cmdSeq = emitCommand(CONTROL, new TransferToHost3d(h, new Box(0, 0, 0, 64, 64, 1), 0, res, 0, 256, 0));
        memoryRow(cmdSeq, res, backingAddr(res), 64 * 64 * 4);
        if (fenced) {
            schedule(signalTime(ringBusyUntil.length - 1, 20_000), cmdSeq, CONTROL, new OkNodata(okFenced(h)));
        } else {
            schedule(now + 20_000, cmdSeq, CONTROL, nodata());
        }
    }

    private void transfer2d(int res, long addr) throws IOException {
        TransferToHost2d t = new TransferToHost2d(CtrlHeader.of(CtrlType.TRANSFER_TO_HOST_2D), new Rect(0, 0, 1024, 16), 0, res, 0);
        long cmdSeq = emitCommand(CONTROL, t);
        memoryRow(cmdSeq, res, addr, 1024 * 16 * 4);
        schedule(now + 30_000, cmdSeq, CONTROL, nodata());
    }

    private int createBlob(int ctx, boolean host3d) throws IOException {
        int res = nextResource++;
        long size = (1L + random.nextInt(256)) * PAGE;
        ResourceCreateBlob create = host3d
                ? ResourceCreateBlob.of(CtrlHeader.of(CtrlType.RESOURCE_CREATE_BLOB).withContext(ctx), res,
                        BlobMem.HOST3D.code(), BlobFlag.USE_MAPPABLE.code(), res * 7L, size, List.of())
                : ResourceCreateBlob.of(CtrlHeader.of(CtrlType.RESOURCE_CREATE_BLOB).withContext(ctx), res,
                        BlobMem.GUEST.code(), BlobFlag.USE_MAPPABLE.code() | BlobFlag.USE_SHAREABLE.code(), 0, size,
                        List.of(new MemEntry(backingAddr(res), (int) size, 0)));
        exchange(create, nodata());
        if (host3d) {
            exchange(new ResourceMapBlob(CtrlHeader.of(CtrlType.RESOURCE_MAP_BLOB).withContext(ctx), res, 0, 0),
                    new OkMapInfo(CtrlHeader.of(CtrlType.RESP_OK_MAP_INFO), MapCache.CACHED.code(), 0));
        }
        return res;
    }

    private void destroyBlob(int ctx, int res) throws IOException {
        exchange(new ResourceUnmapBlob(CtrlHeader.of(CtrlType.RESOURCE_UNMAP_BLOB).withContext(ctx), res, 0), nodata());
        exchange(new ResourceUnref(CtrlHeader.of(CtrlType.RESOURCE_UNREF), res, 0), nodata());
    }

    /** A command the device rejects with {@code err}, each built the way a guest would provoke it. */
    private void deliberateError(CtrlType err) throws IOException {
        int unknownRes = 0x7fff_0000 + random.nextInt(1000);
        GpuCommand cmd = switch (err) {
            case RESP_ERR_INVALID_SCANOUT_ID -> new SetScanout(CtrlHeader.of(CtrlType.SET_SCANOUT), new Rect(0, 0, 64, 64), 99, SCANOUT_RES);
            case RESP_ERR_INVALID_CONTEXT_ID -> new CtxAttachResource(CtrlHeader.of(CtrlType.CTX_ATTACH_RESOURCE).withContext(999), SCANOUT_RES, 0);
            case RESP_ERR_OUT_OF_MEMORY -> ResourceCreateBlob.of(CtrlHeader.of(CtrlType.RESOURCE_CREATE_BLOB).withContext(1),
                    nextResource++, BlobMem.HOST3D.code(), 0, 1, 1L << 40, List.of());
            case RESP_ERR_INVALID_PARAMETER -> new ResourceCreate2d(CtrlHeader.of(CtrlType.RESOURCE_CREATE_2D), nextResource++, 0xdead, 64, 64);
            case RESP_ERR_UNSPEC -> Submit3d.of(CtrlHeader.of(CtrlType.SUBMIT_3D).withContext(1), new byte[] {1, 2, 3, 4});
            default -> new ResourceFlush(CtrlHeader.of(CtrlType.RESOURCE_FLUSH), new Rect(0, 0, 8, 8), unknownRes, 0);
        };
        exchange(cmd, new ErrorResponse(CtrlHeader.of(err)));
    }

    // ---- rows ----

    private void exchange(GpuMessage cmd, GpuMessage response) throws IOException {
        exchangeOn(CONTROL, cmd, response);
    }

    /** A command answered soon after; the cursor queue's commands get no response. */
    private void exchangeOn(int queue, GpuMessage cmd, GpuMessage response) throws IOException {
        long cmdSeq = emitCommand(queue, cmd);
        if (response != null) schedule(now + 5_000 + random.nextInt(40_000), cmdSeq, queue, response);
    }

    private long emitCommand(int queue, GpuMessage cmd) throws IOException {
        now += 2_000 + random.nextInt(30_000);
        drainResponses(now);
        long s = seq++;
        sink.append(MessageRows.command(s, now, queue, cmd));
        messages++;
        return s;
    }

    private void schedule(long ts, long cmdSeq, int queue, GpuMessage response) {
        pending.add(new PendingResponse(ts, responseOrder++, cmdSeq, queue, response));
    }

    private void drainResponses(long until) throws IOException {
        while (!pending.isEmpty() && pending.peek().ts() <= until) {
            PendingResponse p = pending.poll();
            sink.append(MessageRows.response(seq++, p.ts(), p.queue(), p.commandSeq(), p.response(), Pairing.CAPTURE));
            messages++;
        }
    }

    /**
     * The guest bytes a transfer makes the device read, one MEMORY row: one of a few contents tiled
     * from the page patterns, so contents recur (as unchanged frames do) and dedup shows.
     */
    private void memoryRow(long cmdSeq, int res, long addr, int length) throws IOException {
        byte[] content = new byte[length];
        int pick = random.nextInt(8);
        for (int off = 0, page = pick; off < length; off += PAGE, page++) {
            System.arraycopy(pagePatterns[page % pagePatterns.length], 0, content, off, Math.min(PAGE, length - off));
        }
        sink.append(dedup.memoryRow(seq++, now, cmdSeq, res, addr, content));
    }

    private static OkNodata nodata() {
        return new OkNodata(CtrlHeader.of(CtrlType.RESP_OK_NODATA));
    }

    /** The response header of a fenced command echoes its fence, context and ring. */
    private static CtrlHeader okFenced(CtrlHeader cmd) {
        return new CtrlHeader(CtrlType.RESP_OK_NODATA.code(), cmd.flags(), cmd.fenceId(), cmd.ctxId(), cmd.ringIdx(), 0);
    }

    private static long backingAddr(int res) {
        return 0x2_0000_0000L + (long) res * 0x10_0000L;
    }

    private byte[] uuid() {
        byte[] u = new byte[OkResourceUuid.UUID_BYTES];
        random.nextBytes(u);
        return u;
    }
}
