package vgtrace.analyzer;

import vgtrace.core.protocol.CtrlType;
import vgtrace.core.trace.MessageFields;

import java.io.IOException;
import java.nio.file.Path;

import static vgtrace.analyzer.TraceBuilder.FENCE_RING;
import static vgtrace.analyzer.TraceBuilder.resource;

/**
 * A small trace whose answers are worked out by hand (times in ns):
 * <ul>
 * <li>ctx 1 (VENUS) created at 100; ctx 2 created at 120 and destroyed at 7000.
 * <li>ctx 1 ring 0: fence 10 at 1000 signals 1500 (latency 500); fence 12 at 1100 signals only at
 *     2500, but fence 13 (1200) signals at 2000 first, retiring fence 12 early and overtaking it;
 *     fence 20 at 3000 never signals.
 * <li>ctx 1 ring 1: fence 11 at 1050 signals 1300.
 * <li>ctx 2, ring unknown (FENCE only): fence 14 at 1400 signals 1900.
 * <li>blob 50 (HOST3D, 8192 B) created 4000, mapped 4100 (CACHED), unmapped 4500, unref 4600;
 *     blob 51 (GUEST, 4096 B) created 4700 and never unreferenced: a leak.
 * <li>RESOURCE_FLUSH of unknown resource 999 at 5000 fails with INVALID_RESOURCE_ID at 5010.
 * <li>id 50 reused for a 2D resource at 5100, backed at 5200, 2 transfers reading 4096 B each.
 * <li>the trace ends at 8000.
 * </ul>
 */
final class KnownTrace {

    /** Rows {@link #write} writes: its commands, responses and fences. */
    static final long ROWS = 40;

    private KnownTrace() {
    }

    static Path write(Path file) throws IOException {
        TraceBuilder b = new TraceBuilder();
        b.ok(110, b.command(100, CtrlType.CTX_CREATE, 1, MessageFields.builder().contextInit(4).build()));
        b.ok(130, b.command(120, CtrlType.CTX_CREATE, 2, MessageFields.builder().contextInit(2).build()));

        long f10 = b.command(1000, CtrlType.SUBMIT_3D, FENCE_RING, 10, 1, 0, MessageFields.NONE);
        long f11 = b.command(1050, CtrlType.SUBMIT_3D, FENCE_RING, 11, 1, 1, MessageFields.NONE);
        long f12 = b.command(1100, CtrlType.SUBMIT_3D, FENCE_RING, 12, 1, 0, MessageFields.NONE);
        long f13 = b.command(1200, CtrlType.SUBMIT_3D, FENCE_RING, 13, 1, 0, MessageFields.NONE);
        b.ok(1300, f11);
        long f14 = b.command(1400, CtrlType.SUBMIT_3D, TraceBuilder.FENCE, 14, 2, 0, MessageFields.NONE);
        b.ok(1500, f10);
        b.ok(1900, f14);
        b.ok(2000, f13);
        b.ok(2500, f12);
        b.command(3000, CtrlType.SUBMIT_3D, FENCE_RING, 20, 1, 0, MessageFields.NONE);

        long blob50 = b.command(4000, CtrlType.RESOURCE_CREATE_BLOB, 1, MessageFields.builder().resourceId(50)
                .blobMem(2).blobFlags(1).blobId(7).size(8192).build());
        b.ok(4010, blob50);
        long map = b.command(4100, CtrlType.RESOURCE_MAP_BLOB, 1, MessageFields.builder().resourceId(50).offset(0).build());
        b.response(4150, map, CtrlType.RESP_OK_MAP_INFO, MessageFields.builder().mapInfo(1).build());
        b.ok(4510, b.command(4500, CtrlType.RESOURCE_UNMAP_BLOB, 1, resource(50)));
        b.ok(4610, b.command(4600, CtrlType.RESOURCE_UNREF, 0, resource(50)));
        b.ok(4710, b.command(4700, CtrlType.RESOURCE_CREATE_BLOB, 1, MessageFields.builder().resourceId(51)
                .blobMem(1).blobFlags(3).size(4096).build()));

        long flush = b.command(5000, CtrlType.RESOURCE_FLUSH, 0, MessageFields.builder().resourceId(999)
                .rect(0, 0, 8, 8).build());
        b.response(5010, flush, CtrlType.RESP_ERR_INVALID_RESOURCE_ID, MessageFields.NONE);

        b.ok(5110, b.command(5100, CtrlType.RESOURCE_CREATE_2D, 0, MessageFields.builder().resourceId(50).format(2)
                .width(64).height(16).build()));
        b.ok(5210, b.command(5200, CtrlType.RESOURCE_ATTACH_BACKING, 0, resource(50)));
        for (long t : new long[] {5300, 5400}) {
            long transfer = b.command(t, CtrlType.TRANSFER_TO_HOST_2D, 0, resource(50));
            b.memory(t, transfer, 50, 4096);
            b.ok(t + 20, transfer);
        }
        b.ok(7010, b.command(7000, CtrlType.CTX_DESTROY, 2, MessageFields.NONE));
        b.command(8000, CtrlType.MOVE_CURSOR, 0, MessageFields.NONE);
        return b.write(file);
    }
}
