package vgtrace.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The committed logs and traces of real guest runs (samples/logs, samples/traces): import, info, replay. */
class RealSamplesTest {

    @TempDir
    Path dir;

    @Test
    void realGuestFtraceWithRingProbesImportsPaired() {
        Path out = dir.resolve("guest.arrows");
        CliRun r = CliRun.of("import", "ftrace", CliRun.repo().resolve("samples/logs/blob/ftrace.txt").toString(),
                "-o", out.toString());
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("0 malformed, 0 responses unpaired, 0 commands unanswered"), r.out());
        String info = CliRun.of("info", out.toString()).out();
        assertTrue(info.contains("ctx 3 ring 0"), "the probe gives the exact ring:\n" + info);
        assertTrue(info.contains("RESOURCE_CREATE_BLOB"), info);
    }

    @Test
    void infoShowsTheRingsWhoseFencesNeverSignalled() {
        // QEMU 10 + virglrenderer 1.1 never answer fences on rings > 0 of a virgl context.
        CliRun r = CliRun.of("info", CliRun.repo().resolve("samples/traces/rings-guest.arrows").toString());
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().matches("(?s).*ctx 3 ring 3 +3 fenced, 3 never answered.*"), r.out());
        assertTrue(r.out().matches("(?s).*ctx 3 ring 7 +3 fenced, 3 never answered.*"), r.out());
        assertTrue(r.out().matches("(?s).*ctx 3 ring 0 +4 fenced\n.*"), r.out());
    }

    @Test
    void aRealProxyCaptureReplaysOnVirglrendererWithoutDivergence() {
        CliRun r = CliRun.of("replay", CliRun.repo().resolve("samples/traces/vhost-user-capture.arrows").toString(),
                "--backend", "virgl");
        assertEquals(ExitCode.OK, r.exitCode(), r.out() + r.err());
        assertTrue(r.out().contains("no divergence"), r.out());
        assertTrue(r.out().matches("(?s).*42 commands, 42 completed, 10 frames.*"), r.out());
    }

    @Test
    void aRealProxyCaptureDiffsCleanAgainstItsOwnReplayFrameByFrame() {
        Path capture = CliRun.repo().resolve("samples/traces/vhost-user-capture.arrows");
        Path replayed = dir.resolve("r.arrows");
        CliRun r = CliRun.of("replay", capture.toString(), "-o", replayed.toString());
        assertEquals(ExitCode.OK, r.exitCode(), r.out() + r.err());
        CliRun d = CliRun.of("diff", capture.toString(), replayed.toString());
        assertEquals(ExitCode.OK, d.exitCode(), d.out() + d.err());
    }

    @Test
    void aTornCaptureReplaysItsCompletePartAndSaysSo() throws IOException {
        byte[] capture = Files.readAllBytes(CliRun.repo().resolve("samples/traces/vhost-user-capture.arrows"));
        for (int percent : new int[] {99, 50}) {
            Path torn = Files.write(dir.resolve("torn-" + percent + ".arrows"), Arrays.copyOf(capture, capture.length * percent / 100));
            CliRun r = CliRun.of("replay", torn.toString());
            assertEquals(ExitCode.OK, r.exitCode(), percent + "%: " + r.out() + r.err());
            assertTrue(r.out().matches("(?s)torn: .* ends early .*; using its \\d+ commands in [\\d,]+ rows of complete batches \\(up to seq \\d+\\).*"),
                    percent + "%: " + r.out());
            assertTrue(r.out().contains("no divergence in the part replayed (the trace is torn)"), r.out());
        }
        Path headerOnly = Files.write(dir.resolve("torn-10.arrows"), Arrays.copyOf(capture, capture.length / 10)); // inside the first batch
        CliRun r = CliRun.of("replay", headerOnly.toString());
        assertEquals(ExitCode.BAD_INPUT, r.exitCode(), r.out() + r.err());
        assertTrue(r.err().startsWith("vgtrace: no commands to replay in ") && r.err().contains("it is torn"), r.err());
    }

    @Test
    void aRealProxyCaptureReplaysOnTheVhostUserBackendItWasCapturedWith() {
        Path backend = CliRun.repo().resolve("samples/vm/cache/qemu10/usr/lib/qemu/vhost-user-gpu");
        assumeTrue(Files.isExecutable(backend), "QEMU 10's vhost-user-gpu is not unpacked (samples/vm/run-vhost-user.sh)");
        CliRun r = CliRun.of("replay", CliRun.repo().resolve("samples/traces/vhost-user-capture.arrows").toString(),
                "--backend-cmd", backend.toString(), "--loop", "2");
        assertEquals(ExitCode.OK, r.exitCode(), "two runs, one digest: " + r.out() + r.err());
        assertTrue(r.out().matches("(?s).*replay 2/2: 42 commands, 42 completed, 10 frames.*no divergence.*"), r.out());
    }

    @Test
    void realQemuTraceImports() {
        Path out = dir.resolve("qemu.arrows");
        CliRun r = CliRun.of("import", "qemu-trace", CliRun.repo().resolve("samples/logs/virgl/qemu-trace.log").toString(),
                "-o", out.toString());
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(CliRun.of("dump", out.toString(), "--type", "SUBMIT_3D").out().contains("fence="));
    }

    @Test
    void aLogFromAnotherSubsystemIsRefusedWithAHint() throws IOException {
        Path log = Files.writeString(dir.resolve("sched.txt"),
                "  bash-1 [000] ..... 1.000: sched_switch: prev_comm=bash prev_pid=1\n");
        CliRun r = CliRun.of("import", "ftrace", log.toString(), "-o", dir.resolve("x.arrows").toString());
        assertEquals(ExitCode.BAD_INPUT, r.exitCode());
        assertTrue(r.err().contains("no virtio-gpu events"), r.err());
        assertFalse(Files.exists(dir.resolve("x.arrows")), "nothing is left behind");
    }

    @Test
    void garbageBytesAreRefusedWithoutAStackTrace() throws IOException {
        byte[] junk = new byte[100_000];
        new java.util.Random(3).nextBytes(junk);
        Path log = Files.write(dir.resolve("junk.bin"), junk);
        CliRun r = CliRun.of("import", "qemu-trace", log.toString(), "-o", dir.resolve("y.arrows").toString());
        assertEquals(ExitCode.BAD_INPUT, r.exitCode());
        assertFalse(r.err().contains("\tat "));
    }

    @Test
    void strictModeStopsAtTheFirstMalformedLine() throws IOException {
        Path log = Files.writeString(dir.resolve("bad.txt"),
                "x [000] ..... 1.5: virtio_gpu_cmd_queue: vdev=0 vq=0 type=0xZZ flags=0x0 fence_id=0 ctx_id=0\n");
        CliRun r = CliRun.of("import", "ftrace", "--strict", log.toString(), "-o", dir.resolve("z.arrows").toString());
        assertEquals(ExitCode.BAD_INPUT, r.exitCode());
        assertTrue(r.err().contains("bad.txt:1"), r.err());
    }

    @Test
    void anExistingOutputIsRefusedBeforeTheLogIsRead() throws IOException {
        Path existing = Files.writeString(dir.resolve("kept.arrows"), "not to be replaced");
        // An input that cannot be read: only a check made before reading can name the output.
        CliRun r = CliRun.of("import", "ftrace", dir.resolve("no-such.log").toString(), "-o", existing.toString());
        assertEquals(ExitCode.BAD_INPUT, r.exitCode(), r.err());
        assertTrue(r.err().contains("kept.arrows exists: use --force"), r.err());
        assertEquals("not to be replaced", Files.readString(existing));
    }
}
