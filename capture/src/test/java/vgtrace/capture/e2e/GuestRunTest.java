package vgtrace.capture.e2e;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Issue 3's (and issue 8's, for rings) end-to-end check. Always on the committed logs of real runs
 * (samples/logs, made by samples/vm); with -Dvgtrace.e2e=true also on fresh runs of the harness,
 * booting real guests.
 */
class GuestRunTest {

    static Path repo() {
        return Path.of(System.getProperty("vgtrace.repo", ".."));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2d", "virgl", "virgl-6.12", "blob", "rings", "rings-kprobe", "vhost-user"})
    void committedRunsAreConsistent(String config) throws IOException {
        GuestRunCheck.check(repo().resolve("samples/logs").resolve(config));
    }

    @ParameterizedTest
    @ValueSource(strings = {"run-virgl.sh", "run-blob.sh", "run-rings.sh"})
    @EnabledIfSystemProperty(named = "vgtrace.e2e", matches = "true|1")
    void freshRealGuestRunIsConsistent(String script) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("bash", repo().resolve("samples/vm").resolve(script).toString())
                .directory(repo().toFile())
                .redirectErrorStream(true)
                .start();
        String output = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), script + " failed:\n" + output);
        String[] lines = output.strip().split("\n");
        Path run = repo().resolve(lines[lines.length - 1].strip());
        GuestRunCheck.check(run);
    }

    @Test
    void theCheckFailsWhenTheTraceLosesACommand(@TempDir Path dir) throws IOException {
        // Drop the first SUBMIT_3D queue line from the guest's trace.
        assertCheckFails(copyRun("virgl-6.12", dir), "ftrace.txt",
                "virtio_gpu_cmd_queue: vdev=0 vq=0 name=control type=0x207", line -> "");
    }

    @Test
    void theCheckFailsWhenARingGainsAnotherRingsSubmit(@TempDir Path dir) throws IOException {
        assertCheckFails(copyRun("rings", dir), "ftrace.txt", "ring_idx=7 ", line -> line.replace("ring_idx=7 ", "ring_idx=3 "));
    }

    @Test
    void theCheckFailsWhenACommandWithoutARingNamesOne(@TempDir Path dir) throws IOException {
        // The plain submit after the rings (flags 0x1) shown with INFO_RING_IDX set in both lines.
        Path run = copyRun("rings", dir);
        String ftrace = Files.readString(run.resolve("ftrace.txt"));
        String plain = " flags=0x1 fence_id=20 ctx_id=3 ";
        assertTrue(ftrace.contains(plain), "the fixture has the plain submit");
        Files.writeString(run.resolve("ftrace.txt"), ftrace.replace(plain, " flags=0x3 fence_id=20 ctx_id=3 "));
        assertThrows(AssertionError.class, () -> GuestRunCheck.check(run));
    }

    @Test
    void theCheckFailsWhenAStuckFenceIsLoggedAsSignalled(@TempDir Path dir) throws IOException {
        assertCheckFails(copyRun("rings", dir), "vgwork.log", "ring=3 size=76", line -> line.replace("signalled=0", "signalled=1"));
    }

    private static Path copyRun(String config, Path dir) throws IOException {
        Path run = repo().resolve("samples/logs").resolve(config);
        for (String f : new String[] {"vgwork.log", "qemu-trace.log", "ftrace.txt"}) Files.copy(run.resolve(f), dir.resolve(f));
        GuestRunCheck.check(dir); // the unchanged copy passes
        return dir;
    }

    /** Rewrites the first line of file that contains marker, then expects the check to fail. */
    private static void assertCheckFails(Path run, String file, String marker, UnaryOperator<String> edit) throws IOException {
        String text = Files.readString(run.resolve(file));
        int at = text.indexOf(marker);
        assertTrue(at >= 0, "the fixture has " + marker);
        int start = text.lastIndexOf('\n', at) + 1;
        int end = text.indexOf('\n', at) + 1;
        String line = text.substring(start, end);
        String edited = edit.apply(line);
        assertNotEquals(line, edited, "the edit changes the line");
        Files.writeString(run.resolve(file), text.substring(0, start) + edited + text.substring(end));
        assertThrows(AssertionError.class, () -> GuestRunCheck.check(run));
    }
}
