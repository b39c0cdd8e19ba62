package vgtrace.replay.vhost;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vgtrace.core.protocol.*;
import vgtrace.replay.Completion;
import vgtrace.replay.GuestWrite;
import vgtrace.replay.Output;
import vgtrace.replay.Submission;
import vgtrace.core.vhost.DisplayMessage;
import vgtrace.replay.engine.Divergence;
import vgtrace.replay.engine.PlanLoader;
import vgtrace.replay.engine.ReplayEngine;
import vgtrace.replay.engine.ReplayListener;
import vgtrace.replay.engine.ReplayPlan;
import vgtrace.replay.engine.ReplayResult;
import vgtrace.replay.engine.SampleRecorder;
import vgtrace.replay.engine.Step;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** vgtrace as vhost-user front-end of QEMU's vhost-user-gpu (2D), when the machine has it. */
class VhostUserGpuBackendTest {

    private static final Path BACKEND = Path.of("/usr/lib/qemu/vhost-user-gpu");
    /** The QEMU 10 backend the committed capture was made with (samples/vm/run-vhost-user.sh unpacks it). */
    private static final Path CAPTURING_BACKEND = Path.of("..", "samples", "vm", "cache", "qemu10", "usr", "lib", "qemu", "vhost-user-gpu");
    private static final Path CAPTURE = Path.of("..", "samples", "traces", "vhost-user-capture.arrows");
    /** Its GET_EDID command (the first command the Linux 6.1 driver sends). */
    private static final long CAPTURED_GET_EDID = 8;
    private static final List<DisplayMode> MODES = List.of(new DisplayMode(new Rect(0, 0, 640, 480), 1, 0));

    private static Submission sub(long seq, GpuCommand c, GuestWrite... memory) {
        return new Submission(seq, 0, GpuCodec.encode(c), List.of(memory));
    }

    @Test
    void aTwoDimensionalSceneIsAnsweredAndItsFlushBecomesAFrame() throws IOException {
        assumeTrue(Files.isExecutable(BACKEND), "QEMU's vhost-user-gpu is not installed");
        byte[] pixels = new byte[64 * 64 * 4];
        for (int i = 0; i < pixels.length; i++) pixels[i] = (byte) (i * 5 + i / 256);
        Rect rect = new Rect(0, 0, 64, 64);
        List<Submission> scene = List.of(
                sub(0, new GetDisplayInfo(CtrlHeader.of(CtrlType.GET_DISPLAY_INFO))),
                sub(1, new ResourceCreate2d(CtrlHeader.of(CtrlType.RESOURCE_CREATE_2D), 1, 2, 64, 64)),
                sub(2, ResourceAttachBacking.of(CtrlHeader.of(CtrlType.RESOURCE_ATTACH_BACKING), 1,
                        List.of(MemEntry.of(0x100000, pixels.length)))),
                sub(3, new TransferToHost2d(CtrlHeader.of(CtrlType.TRANSFER_TO_HOST_2D), rect, 0, 1, 0),
                        new GuestWrite(1, 0x100000, pixels)),
                sub(4, new SetScanout(CtrlHeader.of(CtrlType.SET_SCANOUT), rect, 0, 1)),
                sub(5, new ResourceFlush(CtrlHeader.fenced(CtrlType.RESOURCE_FLUSH, 1, 0, -1), rect, 1, 0)));
        List<Completion> got = new ArrayList<>();
        try (VhostUserGpuBackend b = VhostUserGpuBackend.spawn(List.of(BACKEND.toString()), MODES, Map.of())) {
            got.addAll(b.execute(scene));
            for (int i = 0; i < 200 && got.size() < scene.size(); i++) got.addAll(b.await(50_000_000));
        }
        got.sort(Comparator.comparingLong(Completion::seq));
        assertEquals(scene.size(), got.size());
        OkDisplayInfo info = (OkDisplayInfo) decode(got.get(0).response());
        assertEquals(640, info.pmodes().getFirst().r().width());
        for (int i = 1; i < 5; i++) {
            assertEquals(CtrlType.RESP_OK_NODATA.code(), decode(got.get(i).response()).header().type(), "seq " + i);
        }
        GpuMessage flushed = decode(got.get(5).response());
        assertEquals(1, flushed.header().fenceId());
        Output.Frame frame = (Output.Frame) got.get(5).outputs().getFirst();
        assertEquals(rect, frame.rect());
        for (int i = 0; i < pixels.length; i += 4) {
            assertEquals(pixels[i], frame.bytes()[i]);
            assertEquals(pixels[i + 2], frame.bytes()[i + 2]);
        }
    }

    @Test
    void aBackendThatListensSomeTimeAfterBindingIsWaitedFor() {
        // binds, listens 0.5 s later, then hangs up on its first client: spawn gets past connecting
        String script = "import socket, sys, time\n"
                + "path = [a.split('=', 1)[1] for a in sys.argv if a.startswith('--socket-path=')][0]\n"
                + "s = socket.socket(socket.AF_UNIX); s.bind(path); time.sleep(0.5); s.listen(1)\n"
                + "c, _ = s.accept(); c.close(); time.sleep(1)\n";
        IOException e = assertThrows(IOException.class,
                () -> VhostUserGpuBackend.spawn(List.of("python3", "-c", script), MODES, Map.of()).close());
        assertFalse(e.getMessage().contains("ECONNREFUSED"), "connected, then the fake backend hung up: " + e.getMessage());
    }

    @Test
    void theTwoDimensionalWorkloadRecordedOnTheBackendReplaysCleanAndIdenticallyOnIt(@TempDir Path dir) throws IOException {
        assumeTrue(Files.isExecutable(BACKEND), "QEMU's vhost-user-gpu is not installed");
        Path trace = dir.resolve("vu-2d.arrows");
        try (VhostUserGpuBackend b = VhostUserGpuBackend.spawn(List.of(BACKEND.toString()), MODES, Map.of())) {
            SampleRecorder.record(b, trace, 3, false);
        }
        ReplayPlan plan = PlanLoader.load(trace, PlanLoader.Range.ALL);
        long[] digests = new long[2];
        for (int run = 0; run < 2; run++) {
            try (VhostUserGpuBackend b = VhostUserGpuBackend.spawn(List.of(BACKEND.toString()), plan.displays().orElseThrow(), plan.edids())) {
                ReplayResult r = new ReplayEngine(b, ReplayEngine.Options.DEFAULTS, ReplayListener.NONE).run(plan);
                assertTrue(r.divergences().isEmpty(), () -> r.first().orElseThrow().report());
                assertEquals(4, r.frames(), "the first flush and one per frame");
                digests[run] = r.digest();
            }
        }
        assertEquals(digests[0], digests[1]);
    }

    @Test
    void theRealProxyCaptureReplaysCleanOnTheBackendItWasCapturedWith() throws IOException {
        assumeTrue(Files.isExecutable(CAPTURING_BACKEND), "QEMU 10's vhost-user-gpu is not unpacked (samples/vm/run-vhost-user.sh)");
        ReplayPlan plan = PlanLoader.load(CAPTURE, PlanLoader.Range.ALL);
        Map<Long, byte[]> replayed = new HashMap<>();
        long digest;
        ReplayListener responses = new ReplayListener() {
            @Override
            public void completed(Step step, Completion completion, long tsNs) {
                replayed.put(step.seq(), completion.response());
            }
        };
        try (VhostUserGpuBackend b = VhostUserGpuBackend.spawn(List.of(CAPTURING_BACKEND.toString()),
                plan.displays().orElseThrow(), plan.edids())) {
            ReplayResult r = new ReplayEngine(b, ReplayEngine.Options.DEFAULTS, responses).run(plan);
            assertTrue(r.divergences().isEmpty(), () -> r.first().orElseThrow().report());
            assertEquals(42, r.completed());
            assertEquals(10, r.frames());
            assertEquals(DisplayMessage.ProtocolFeatures.F_EDID, b.displayProtocolFeatures());
            digest = r.digest();
        }
        try (VhostUserGpuBackend b = VhostUserGpuBackend.spawn(List.of(CAPTURING_BACKEND.toString()),
                plan.displays().orElseThrow(), plan.edids())) {
            ReplayResult again = new ReplayEngine(b, ReplayEngine.Options.DEFAULTS, ReplayListener.NONE).run(plan);
            assertEquals(digest, again.digest(), "each frame goes to its own flush, whatever the timing");
        }
        Step getEdid = plan.steps().stream().filter(s -> s.seq() == CAPTURED_GET_EDID).findFirst().orElseThrow();
        // EDID bytes are volatile in verification; here they must be the capture's, byte for byte
        assertArrayEquals(getEdid.captured().response(), replayed.get(CAPTURED_GET_EDID));
    }

    @Test
    void onTheInstalledBackendTheRealCaptureDivergesOnlyWhereItHasNoEdidProtocol() throws IOException {
        assumeTrue(Files.isExecutable(BACKEND), "QEMU's vhost-user-gpu is not installed");
        ReplayPlan plan = PlanLoader.load(CAPTURE, PlanLoader.Range.ALL);
        boolean speaksEdid;
        try (VhostUserGpuBackend b = VhostUserGpuBackend.spawn(List.of(BACKEND.toString()), plan.displays().orElseThrow(), plan.edids())) {
            ReplayResult r = new ReplayEngine(b, ReplayEngine.Options.DEFAULTS, ReplayListener.NONE).run(plan);
            speaksEdid = (b.displayProtocolFeatures() & DisplayMessage.ProtocolFeatures.F_EDID) != 0;
            if (speaksEdid) {
                assertTrue(r.divergences().isEmpty(), () -> r.first().orElseThrow().report());
                assertEquals(10, r.frames());
                return;
            }
            // QEMU 7.2 (Debian 12): its vhost-user-gpu has no GET_EDID and answers ERR_UNSPEC itself
            Divergence d = r.first().orElseThrow();
            assertEquals(CAPTURED_GET_EDID, d.seq());
            assertTrue(d.actual().startsWith("RESP_ERR_UNSPEC"), d.report());
        }
        ReplayPlan rest = PlanLoader.load(CAPTURE, new PlanLoader.Range(CAPTURED_GET_EDID + 1, Long.MAX_VALUE));
        try (VhostUserGpuBackend b = VhostUserGpuBackend.spawn(List.of(BACKEND.toString()), rest.displays().orElseThrow(), rest.edids())) {
            ReplayResult r = new ReplayEngine(b, ReplayEngine.Options.DEFAULTS, ReplayListener.NONE).run(rest);
            assertTrue(r.divergences().isEmpty(), () -> r.first().orElseThrow().report());
            assertEquals(41, r.completed());
            assertEquals(10, r.frames(), "every frame of the capture, hash for hash");
        }
    }

    private static GpuMessage decode(byte[] wire) {
        try {
            return GpuCodec.decode(wire);
        } catch (DecodeException e) {
            throw new AssertionError(e);
        }
    }
}
