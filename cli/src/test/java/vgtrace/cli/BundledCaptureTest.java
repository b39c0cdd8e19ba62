package vgtrace.cli;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The bundled real capture (samples/traces/qemu-gl-capture.arrows, QEMU 10.0.13 + virglrenderer 1.1
 * through the shim) against the guest's own records of that run (samples/logs/qemu-shim), in every
 * run of the suite; ShimCaptureE2ETest does the same on a fresh guest.
 */
class BundledCaptureTest {

    static final Path CAPTURE = CliRun.repo().resolve("samples/traces/qemu-gl-capture.arrows");

    @Test
    void theBundledCaptureMatchesItsGuestsFtrace() throws IOException {
        ShimCaptureCheck.check(CAPTURE, CliRun.repo().resolve("samples/logs/qemu-shim"), "qemu 10.0.13");
    }

    @Test
    void theBundledCaptureIsSmallAndNamesItsVirglrenderer() throws IOException {
        assertTrue(Files.size(CAPTURE) <= 2L << 20, "at most 2 MB: " + Files.size(CAPTURE));
        try (var r = vgtrace.core.trace.TraceReader.open(CAPTURE)) {
            while (r.hasNext()) r.next(); // METADATA rows are merged as they are read
            assertEquals("1.1.0-2", r.metadata().asMap().get("virglrenderer_debian"));
        }
    }

    @Test
    void theCheckFailsWhenTheGuestsLogSaysOtherwise(@org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
        Path logs = CliRun.repo().resolve("samples/logs/qemu-shim");
        Files.writeString(dir.resolve("ftrace.txt"), Files.readString(logs.resolve("ftrace.txt"))
                .replaceFirst("ring_idx=7 ", "ring_idx=3 "));
        Files.copy(logs.resolve("vgwork.log"), dir.resolve("vgwork.log"));
        assertThrows(AssertionError.class, () -> ShimCaptureCheck.check(CAPTURE, dir, "qemu 10.0.13"));
        Files.writeString(dir.resolve("ftrace.txt"), Files.readString(logs.resolve("ftrace.txt")));
        Files.writeString(dir.resolve("vgwork.log"), Files.readString(logs.resolve("vgwork.log"))
                .replaceFirst("expect=0x336699", "expect=0x336698"));
        assertThrows(AssertionError.class, () -> ShimCaptureCheck.check(CAPTURE, dir, "qemu 10.0.13"));
    }
}
