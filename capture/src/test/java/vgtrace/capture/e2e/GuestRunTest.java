package vgtrace.capture.e2e;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Issue 3's end-to-end check. Always on the committed logs of real runs (samples/logs, made by
 * samples/vm); with VGTRACE_E2E=1 also on fresh runs of the harness, booting real guests.
 */
class GuestRunTest {

    static Path repo() {
        return Path.of(System.getProperty("vgtrace.repo", ".."));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2d", "virgl", "virgl-6.12", "blob", "vhost-user"})
    void committedRunsAreConsistent(String config) throws IOException {
        GuestRunCheck.check(repo().resolve("samples/logs").resolve(config));
    }

    @ParameterizedTest
    @ValueSource(strings = {"run-virgl.sh", "run-blob.sh"})
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
    void theCheckFailsWhenTheTraceLosesACommand(@org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
        Path run = repo().resolve("samples/logs/virgl-6.12");
        for (String f : new String[] {"vgwork.log", "qemu-trace.log"}) java.nio.file.Files.copy(run.resolve(f), dir.resolve(f));
        // Drop the first SUBMIT_3D queue line from the guest's trace.
        String ftrace = java.nio.file.Files.readString(run.resolve("ftrace.txt"));
        int at = ftrace.indexOf("virtio_gpu_cmd_queue: vdev=0 vq=0 name=control type=0x207");
        int start = ftrace.lastIndexOf('\n', at) + 1;
        int end = ftrace.indexOf('\n', at) + 1;
        java.nio.file.Files.writeString(dir.resolve("ftrace.txt"), ftrace.substring(0, start) + ftrace.substring(end));
        assertThrows(AssertionError.class, () -> GuestRunCheck.check(dir));
    }
}
