package vgtrace.capture.e2e;

import vgtrace.capture.ImportReport;
import vgtrace.capture.ftrace.FtraceImporter;
import vgtrace.capture.qemu.QemuTraceImporter;
import vgtrace.core.protocol.CtrlType;
import vgtrace.core.trace.EventKind;
import vgtrace.core.trace.TraceEvent;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static java.util.stream.Collectors.counting;
import static java.util.stream.Collectors.groupingBy;
import static java.util.stream.Collectors.toSet;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Checks one real guest run (samples/vm: ftrace.txt, qemu-trace.log, vgwork.log) the way issue 3
 * asks: every operation the workload reports appears in the imported guest trace with the right
 * type, context and fence; every command is paired except those whose fence the workload saw
 * never signal; the guest's and QEMU's views agree. Where the trace has ring indices (issue 8),
 * each (context, ring) holds exactly the workload's submits on it and nothing else names a ring.
 */
final class GuestRunCheck {

    /** Types QEMU's trace log names; others (capsets, uuid) it does not trace. */
    private static final Set<CtrlType> QEMU_TRACED = EnumSet.of(CtrlType.GET_DISPLAY_INFO, CtrlType.GET_EDID,
            CtrlType.SET_SCANOUT, CtrlType.SET_SCANOUT_BLOB, CtrlType.RESOURCE_CREATE_2D, CtrlType.RESOURCE_CREATE_3D,
            CtrlType.RESOURCE_CREATE_BLOB, CtrlType.RESOURCE_UNREF, CtrlType.RESOURCE_ATTACH_BACKING,
            CtrlType.RESOURCE_DETACH_BACKING, CtrlType.TRANSFER_TO_HOST_2D, CtrlType.TRANSFER_TO_HOST_3D,
            CtrlType.TRANSFER_FROM_HOST_3D, CtrlType.RESOURCE_FLUSH, CtrlType.CTX_CREATE, CtrlType.CTX_DESTROY,
            CtrlType.CTX_ATTACH_RESOURCE, CtrlType.CTX_DETACH_RESOURCE, CtrlType.SUBMIT_3D,
            CtrlType.RESOURCE_MAP_BLOB, CtrlType.RESOURCE_UNMAP_BLOB, CtrlType.UPDATE_CURSOR, CtrlType.MOVE_CURSOR);

    record Imported(List<TraceEvent> rows, ImportReport report) {
        List<TraceEvent> commands(CtrlType type) {
            return rows.stream().filter(e -> e.kind() == EventKind.COMMAND && e.header().type() == type.code()).toList();
        }

        boolean answered(TraceEvent command) {
            return rows.stream().anyMatch(e -> e.kind() == EventKind.RESPONSE && e.pairSeq() == command.seq());
        }
    }

    /** An execbuffer the workload logged, and the SUBMIT_3D it became in the guest trace. */
    record Submit(Map<String, String> op, TraceEvent traced) {
        /** The ring the workload named, or null for none. */
        Integer ring() {
            String r = op.get("ring");
            return r == null || "none".equals(r) ? null : Integer.valueOf(r);
        }

        /** False only when the workload logged that the fence never signalled (bounded wait). */
        boolean signalled() {
            return !"0".equals(op.get("signalled"));
        }
    }

    /** A device context and one of its rings. */
    record ContextRing(int ctxId, int ring) {
    }

    private GuestRunCheck() {
    }

    static void check(Path run) throws IOException {
        WorkloadLog work = WorkloadLog.read(run.resolve("vgwork.log"));
        assertTrue(work.ok() > 0, "the workload ran");
        assertEquals(0, work.failed(), "the workload reports no failure");
        Imported guest = importGuest(run.resolve("ftrace.txt"));
        assertEquals(0, guest.report().malformedLines(), guest.report().summary());
        assertEquals(0, guest.report().unpairedResponses(), guest.report().summary());
        boolean seqno = guest.rows().stream().anyMatch(e -> e.guestSeqno() != null);
        long cursorCommands = guest.rows().stream().filter(e -> e.kind() == EventKind.COMMAND && e.queue() == 1).count();
        long stuckFences = work.ops().stream().filter(o -> "submit".equals(o.get("op")) && "0".equals(o.get("signalled"))).count();
        // Linux before 6.3 traces no cursor responses; a fence the host never signals gets no
        // response; every other command is answered.
        assertEquals((seqno ? 0 : cursorCommands) + stuckFences, guest.report().unansweredCommands(),
                guest.report().summary());

        checkTwoD(work, guest);
        if (work.offers("3d")) {
            List<Submit> submits = checkThreeD(work, guest);
            checkRings(submits, guest);
            checkFences(submits, guest);
        }
        if (work.offers("blob")) checkBlobs(work, guest);
        checkAgainstQemu(guest, run.resolve("qemu-trace.log"));
    }

    private static void checkTwoD(WorkloadLog work, Imported guest) {
        assertTrue(guest.commands(CtrlType.SET_SCANOUT).size() >= work.done("set_crtc").size());
        assertEquals(work.done("cursor_move").size(), guest.commands(CtrlType.MOVE_CURSOR).size(), "cursor moves");
        assertFalse(guest.commands(CtrlType.UPDATE_CURSOR).isEmpty(), "cursor set");
        assertTrue(guest.commands(CtrlType.RESOURCE_FLUSH).size() >= work.done("dirty_fb").size(), "each dirty_fb flushes");
    }

    /** Matches the workload's execbuffers with the traced SUBMIT_3Ds, in order, and checks each pair. */
    private static List<Submit> checkThreeD(WorkloadLog work, Imported guest) {
        // Execbuffers in workload order: submits, the garbage submit, and the PIPE_RESOURCE_CREATE
        // that makes a HOST3D blob's object.
        List<Map<String, String>> executed = work.ops().stream()
                .filter(o -> "1".equals(o.get("ok")))
                .filter(o -> switch (o.get("op")) {
                    case "submit", "error_submit_garbage" -> true;
                    case "create_blob" -> "host3d".equals(o.get("mem"));
                    default -> false;
                })
                .toList();
        List<TraceEvent> traced = guest.commands(CtrlType.SUBMIT_3D);
        assertEquals(executed.size(), traced.size(), "one SUBMIT_3D per submitted execbuffer");
        List<Submit> submits = new ArrayList<>();
        Map<String, Integer> deviceCtxOf = new HashMap<>();
        for (int i = 0; i < traced.size(); i++) {
            Submit s = new Submit(executed.get(i), traced.get(i));
            submits.add(s);
            TraceEvent t = s.traced();
            if (!"create_blob".equals(s.op().get("op"))) {
                assertTrue(t.header().fenced(), "vgwork submits with an out-fence: " + t);
            }
            Integer device = deviceCtxOf.putIfAbsent(s.op().get("ctx"), t.header().ctxId());
            if (device != null) assertEquals(device, t.header().ctxId(), "one workload context, one device context");
            if (s.ring() != null && work.offers("context_init")) {
                assertTrue(t.header().hasRing(), "a ring was named: " + t);
                if (t.ringKnown()) assertEquals(s.ring(), t.ringIdx(), "the probe saw the ring");
            }
        }
        // The kernel reuses a closed context's id, so only contexts alive together must differ.
        assertNotEquals(deviceCtxOf.get("1"), deviceCtxOf.get("2"), "the two concurrent contexts");
        List<TraceEvent> creates = guest.commands(CtrlType.RESOURCE_CREATE_3D);
        int expected3d = work.done("create_3d").size() + work.done("error_create_3d_bad_format").size();
        assertEquals(expected3d, creates.size(), "3D resources");
        assertEquals(work.done("transfer_from_host").size(), guest.commands(CtrlType.TRANSFER_FROM_HOST_3D).size());
        assertEquals(work.done("transfer_to_host").size(), guest.commands(CtrlType.TRANSFER_TO_HOST_3D).size());
        return submits;
    }

    /**
     * Each (device context, ring) the workload used holds exactly its submits; every other command
     * has INFO_RING_IDX clear and no ring (and, where the probe saw the header, a zero ring byte).
     */
    private static void checkRings(List<Submit> submits, Imported guest) {
        List<TraceEvent> commands = guest.rows().stream().filter(e -> e.kind() == EventKind.COMMAND).toList();
        if (commands.stream().noneMatch(e -> e.ringKnown() && e.header().hasRing())) return; // stock lines: rings unknown
        Map<ContextRing, Long> logged = submits.stream().filter(s -> s.ring() != null)
                .collect(groupingBy(s -> new ContextRing(s.traced().header().ctxId(), s.ring()), counting()));
        Map<ContextRing, Long> seen = commands.stream().filter(e -> e.ringIdx() != null)
                .collect(groupingBy(e -> new ContextRing(e.header().ctxId(), e.ringIdx()), counting()));
        assertEquals(logged, seen, "submits per (ctx, ring)");
        Set<Long> onRings = submits.stream().filter(s -> s.ring() != null).map(s -> s.traced().seq()).collect(toSet());
        for (TraceEvent e : commands) {
            if (onRings.contains(e.seq())) continue;
            assertFalse(e.header().hasRing(), "INFO_RING_IDX set on a command without a ring: " + e);
            assertNull(e.ringIdx(), "ring_idx of a command without a ring: " + e);
            if (e.ringKnown()) assertEquals(0, e.header().ringIdx(), "ring byte of a command without a ring: " + e);
        }
    }

    /** A fence the workload saw signal has its response in the trace; one that never signalled has none. */
    private static void checkFences(List<Submit> submits, Imported guest) {
        for (Submit s : submits) {
            if (!s.op().containsKey("signalled")) continue;
            assertEquals(s.signalled(), guest.answered(s.traced()),
                    (s.signalled() ? "a signalled fence needs its response: " : "an unsignalled fence has no response: ") + s.traced());
        }
    }

    private static void checkBlobs(WorkloadLog work, Imported guest) {
        assertEquals(work.done("create_blob").size(), guest.commands(CtrlType.RESOURCE_CREATE_BLOB).size(), "blobs");
        long hostMaps = work.done("map_blob").stream().filter(o -> "host3d".equals(o.get("mem"))).count();
        assertEquals(hostMaps, guest.commands(CtrlType.RESOURCE_MAP_BLOB).size(), "HOST3D maps");
    }

    /** Guest and host see the same commands in the same order per queue, with the same fences. */
    private static void checkAgainstQemu(Imported guest, Path qemuLog) throws IOException {
        List<TraceEvent> host = new ArrayList<>();
        ImportReport report;
        try (InputStream in = Files.newInputStream(qemuLog)) {
            report = new QemuTraceImporter(true).importFrom(in, qemuLog.toString(), host::add);
        }
        if (host.stream().noneMatch(e -> e.kind() == EventKind.COMMAND)) return; // vhost-user: the backend has the queues
        assertEquals(0, report.unpairedResponses(), report.summary());
        // Only QEMU's virgl device traces fence_ctrl; its 2D device answers fenced commands at once, untraced.
        boolean hostTracesFences = host.stream().anyMatch(e -> e.kind() == EventKind.COMMAND && e.header().fenced());
        // map_blob/unmap_blob trace events are newer than QEMU 10.0: expect them only where the log has them.
        Set<CtrlType> traced = EnumSet.copyOf(QEMU_TRACED);
        if (host.stream().noneMatch(e -> e.kind() == EventKind.COMMAND
                && (e.header().ctrlType() == CtrlType.RESOURCE_MAP_BLOB || e.header().ctrlType() == CtrlType.RESOURCE_UNMAP_BLOB))) {
            traced.removeAll(EnumSet.of(CtrlType.RESOURCE_MAP_BLOB, CtrlType.RESOURCE_UNMAP_BLOB));
        }
        for (int queue = 0; queue <= 1; queue++) {
            assertEquals(typesAndFences(guest.rows(), queue, traced, hostTracesFences),
                    typesAndFences(host, queue, traced, hostTracesFences), "queue " + queue);
        }
    }

    private static List<String> typesAndFences(List<TraceEvent> rows, int queue, Set<CtrlType> types, boolean withFences) {
        return rows.stream()
                .filter(e -> e.kind() == EventKind.COMMAND && e.queue() == queue)
                .filter(e -> e.header().ctrlType() != null && types.contains(e.header().ctrlType()))
                .map(e -> e.header().ctrlType() + (withFences && e.header().fenced() ? " fence=" + e.header().fenceId() : ""))
                .toList();
    }

    static Imported importGuest(Path ftrace) throws IOException {
        List<TraceEvent> rows = new ArrayList<>();
        try (InputStream in = Files.newInputStream(ftrace)) {
            ImportReport r = new FtraceImporter(true).importFrom(in, ftrace.toString(), rows::add);
            return new Imported(rows, r);
        }
    }
}
