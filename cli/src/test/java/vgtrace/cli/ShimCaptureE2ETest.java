package vgtrace.cli;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A real guest on stock QEMU's built-in virtio-gpu device, recorded through the preloaded shim:
 * Debian trixie's QEMU 10.0.13 with virglrenderer 1.1 (samples/vm/run-rings.sh: 3D, GUEST and HOST3D
 * blobs with MAP/UNMAP, context_init with rings 0/3/7, vgwork's deliberate errors), and Debian 12's
 * QEMU 7.2 (virtio-gpu-gl-pci with virgl, and virtio-gpu-pci), while the guest records its own
 * ftrace (with the header probes on the 6.12 guest). The capture must hold what the guest's driver sent,
 * as the guest saw it. Runs only with -Dvgtrace.e2e=true (VGTRACE_E2E=1 ./run-tests); needs root and
 * the Debian archive the first time (the trixie chroot).
 */
@EnabledIfSystemProperty(named = "vgtrace.e2e", matches = "true|1")
class ShimCaptureE2ETest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "run-rings.sh, qemu 10.0.13",  // trixie QEMU + virglrenderer 1.1: 3D, blobs, context_init, rings
            "run-virgl.sh, qemu 7.2",      // Debian 12's QEMU 7.2 virtio-gpu-gl-pci + virglrenderer 0.10.4
            "run-2d.sh, qemu 7.2"})        // Debian 12's QEMU 7.2 virtio-gpu-pci (2D)
    void aRealGuestOnQemusBuiltInDeviceIsCapturedAsItsOwnFtraceSawIt(String script, String vmm) throws Exception {
        Path repo = CliRun.repo().toAbsolutePath().normalize();
        String java = ProcessHandle.current().info().command().orElseThrow();
        String wrapper = String.join(" ", java, "--add-opens=java.base/java.nio=ALL-UNNAMED",
                "--enable-native-access=ALL-UNNAMED", "-cp", "'" + System.getProperty("java.class.path") + "'",
                Main.class.getName(), "capture", "qemu", "-o", "$VGTRACE_RUN_DIR/capture.arrows", "--");
        ProcessBuilder pb = new ProcessBuilder("bash", repo.resolve("samples/vm").resolve(script).toString())
                .redirectErrorStream(true);
        pb.environment().put("VGTRACE_QEMU_WRAPPER", wrapper);
        Process run = pb.start();
        String output = new String(run.getInputStream().readAllBytes());
        assertTrue(run.waitFor(20, TimeUnit.MINUTES));
        assertEquals(0, run.exitValue(), "the guest booted and vgwork finished:\n" + output);
        Path dir = Path.of(output.strip().lines().reduce((a, b) -> b).orElseThrow());
        assertTrue(Files.readString(dir.resolve("qemu-stdout.log")).contains("wrote "), "the capture closed its trace");

        ShimCaptureCheck.check(dir.resolve("capture.arrows"), dir, vmm);

        // And it replays with no divergence on the virglrenderer it names (1.1 in a trixie replay root, or
        // this machine's 0.10.4 for QEMU 7.2's).
        // (exit 0 is "no divergence"; a replay in another build's root prints through its own child process)
        CliRun replay = CliRun.of("replay", dir.resolve("capture.arrows").toString());
        assertEquals(0, replay.exitCode(), replay.out() + replay.err());
    }
}
