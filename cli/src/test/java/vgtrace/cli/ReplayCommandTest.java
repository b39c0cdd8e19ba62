package vgtrace.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** replay, diff and record-sample on the committed virgl sample (virglrenderer in-process). */
class ReplayCommandTest {

    @TempDir
    Path dir;

    private static final Path SAMPLE = CliRun.repo().resolve("samples/traces/virgl-sample.arrows");

    @Test
    void virglrenderersOwnMessagesStayOffTheOutputUnlessVerbose() throws Exception {
        // a process of its own: virglrenderer printed on file descriptor 2, past Java's streams
        String quiet = replayInAProcess();
        assertTrue(quiet.contains("no divergence"), quiet);
        assertFalse(quiet.contains("gl_version") || quiet.contains("GLSL feature level"), quiet);
        String verbose = replayInAProcess("--verbose");
        assertTrue(verbose.lines().anyMatch(l -> l.startsWith("virglrenderer: gl_version")), verbose);
    }

    private static String replayInAProcess(String... extra) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "--add-opens=java.base/java.nio=ALL-UNNAMED",
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "replay", SAMPLE.toString()));
        command.addAll(List.of(extra));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), output);
        return output;
    }

    @Test
    void theSampleReplaysCleanWritesItsReplayAndFramesAndDiffsCleanAgainstIt() throws IOException {
        Path replayed = dir.resolve("replayed.arrows");
        Path frames = dir.resolve("frames");
        CliRun r = CliRun.of("replay", SAMPLE.toString(), "--benchmark", "-o", replayed.toString(), "--frames", frames.toString());
        assertEquals(ExitCode.OK, r.exitCode(), r.out() + r.err());
        assertTrue(r.out().contains("no divergence") && r.out().contains("benchmark:"), r.out());
        try (var pngs = Files.list(frames)) {
            assertEquals(9, pngs.filter(p -> p.toString().endsWith(".png")).count());
        }
        CliRun diff = CliRun.of("diff", SAMPLE.toString(), replayed.toString());
        assertEquals(ExitCode.OK, diff.exitCode(), diff.out() + diff.err());
        assertTrue(diff.out().startsWith("identical: 73 commands"), diff.out());
    }

    @Test
    void aDifferentRecordingDiffsWithExitCode3AndAReport() {
        Path other = dir.resolve("other.arrows");
        assertEquals(ExitCode.OK, CliRun.of("record-sample", "-o", other.toString(), "--frames", "2").exitCode());
        CliRun diff = CliRun.of("diff", SAMPLE.toString(), other.toString());
        assertEquals(ExitCode.DIVERGED, diff.exitCode(), diff.out() + diff.err());
        assertTrue(diff.out().startsWith("first divergence at seq "), diff.out());
        assertTrue(diff.out().contains("expected:") && diff.out().contains("leading commands:"), diff.out());
    }

    @Test
    void anImportedTraceHasNoPayloadsAndIsRefusedWithExitCode1() {
        CliRun r = CliRun.of("replay", CliRun.repo().resolve("samples/traces/2d-guest.arrows").toString());
        assertEquals(ExitCode.BAD_INPUT, r.exitCode(), r.out() + r.err());
        assertTrue(r.err().contains("no payload"), r.err());
    }

    @Test
    void badOptionsAreUsageErrors() {
        CliRun fast = CliRun.of("replay", SAMPLE.toString(), "--timing", "fast");
        assertEquals(ExitCode.USAGE, fast.exitCode());
        assertTrue(fast.err().contains("expected one of [ASAP, ORIGINAL] (case-insensitive) but was 'fast'"), fast.err());
        assertEquals(ExitCode.USAGE, CliRun.of("replay", SAMPLE.toString(), "--range", "9..3").exitCode());
        assertEquals(ExitCode.USAGE, CliRun.of("replay", SAMPLE.toString(), "--backend", "crosvm").exitCode());
    }

    @Test
    void theTwoDimensionalWorkloadRecordsAndReplaysOnQemusVhostUserGpu() {
        String backend = "/usr/lib/qemu/vhost-user-gpu";
        assumeTrue(Files.isExecutable(Path.of(backend)), "QEMU's vhost-user-gpu is not installed");
        Path trace = dir.resolve("vu-2d.arrows");
        CliRun rec = CliRun.of("record-sample", "--2d", "--frames", "2", "--backend-cmd", backend, "-o", trace.toString());
        assertEquals(ExitCode.OK, rec.exitCode(), rec.out() + rec.err());
        CliRun r = CliRun.of("replay", trace.toString(), "--backend-cmd", backend);
        assertEquals(ExitCode.OK, r.exitCode(), r.out() + r.err());
        assertTrue(r.out().contains("3 frames") && r.out().contains("no divergence"), r.out());
        CliRun gone = CliRun.of("replay", trace.toString(), "--backend", "vhost-user:" + dir.resolve("nobody.sock"));
        assertEquals(ExitCode.ENVIRONMENT, gone.exitCode(), gone.out() + gone.err());
    }

    @Test
    void aRangeReplaysAPrefix() {
        CliRun r = CliRun.of("replay", SAMPLE.toString(), "--range", "..40", "--loop", "2");
        assertEquals(ExitCode.OK, r.exitCode(), r.out() + r.err());
        assertTrue(r.out().contains("replay 2/2: 18 commands"), r.out());
    }
}
