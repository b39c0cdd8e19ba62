package vgtrace.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import vgtrace.analyzer.LiveCache;
import vgtrace.capture.shim.QemuCapture;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "qemu", sortOptions = false, description = {
        "Record QEMU's built-in virtio-gpu device (virtio-gpu-pci, virtio-gpu-gl-pci) through a preloaded shim.",
        "",
        "vgtrace starts QEMU-COMMAND with a small library preloaded that records, inside QEMU, every control "
                + "command with its exact bytes when the device takes it (answered or not), every response, the "
                + "guest memory the device reads (backings at transfers, GUEST blobs), read-backs, what the guest "
                + "writes into mapped blobs, virglrenderer's fence signals per (ctx, ring), and QEMU's and "
                + "virglrenderer's versions. QEMU is not modified; its output is passed through. The capture "
                + "ends when QEMU exits; Ctrl-C stops QEMU and closes the trace.",
        "",
        "QEMU-COMMAND may run QEMU behind wrappers (xvfb-run, chroot, unshare): only the qemu-system process "
                + "records. A chroot or container must see the trace's directory at the same path. The cursor "
                + "queue is not recorded. Traces hold guest memory: they are created 0600. See docs/capture.md.",
        "",
        "Verified with: Debian trixie QEMU 10.0.13 with virglrenderer 1.1.0 (virtio-gpu-gl-pci with blob and "
                + "context_init; virtio-gpu-pci). A QEMU release outside 7.x-11.x is refused with exit 4 before the "
                + "guest starts (VGTRACE_SHIM_TRUST_LAYOUT=1 records anyway).",
        ""},
        footer = {"", "Example:",
                "  vgtrace capture qemu -o gl.arrows -- qemu-system-x86_64 -machine q35 -m 2G \\",
                "      -device virtio-gpu-gl-pci,blob=true,hostmem=256M -display sdl,gl=on ..."})
final class CaptureQemuCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = {"-o", "--output"}, paramLabel = "TRACE", required = true, description = "The trace file to write (.arrows).")
    Path output;

    @Mixin
    RecordingOptions recording;

    @Mixin
    CacheWhileWriting cacheWhileWriting;

    @Parameters(paramLabel = "QEMU-COMMAND", arity = "1..*",
            description = "The QEMU command line, after --.")
    List<String> command;

    @Override
    public Integer call() throws IOException, InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        int queueRows = recording.checkedQueueRows();
        boolean force = recording.force;
        CaptureChecks.output(output, force);
        if (Executables.find(command.getFirst()).isEmpty())
            throw new UserInputException(ExitCode.USAGE, "QEMU-COMMAND starts with " + command.getFirst()
                    + ", which is not an executable program (nor one on the PATH): give the QEMU command after --");
        QemuCapture.Result result;
        try (LiveCache cache = cacheWhileWriting.start(output, err, true, true);
             QemuCapture capture = QemuCapture.open(new QemuCapture.Options(output, force, command, queueRows, cache))) {
            err.println("vgtrace: starting QEMU with the capture shim, recording to " + output);
            err.flush();
            Thread hook = new Thread(capture::stopQemu, "vgtrace-capture-stop");
            Runtime.getRuntime().addShutdownHook(hook);
            try (CaptureProgress progress = CaptureProgress.start(() -> {
                var c = capture.counts();
                var r = capture.recorderStats();
                return new CaptureProgress.Status(r.rowsWritten(), r.rowsLost(), c.commands() + c.responses(),
                        capture.tracePath());
            }, err)) {
                result = capture.run();
            } finally {
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException shuttingDown) {
                    // the hook is running: QEMU is being stopped and run() returns
                }
            }
            capture.close();
            CacheWhileWriting.commit(cache, output);
            var c = result.counts();
            var r = capture.recorderStats();
            out.printf("wrote %s: %,d commands (%,d never answered), %,d responses, %,d fence signals, %,d MiB guest "
                            + "and blob memory, %,d faults, %,d rows (%,d lost)%n", output, c.commands(), result.unanswered(),
                    c.responses(), c.fences(), c.memoryBytes() >> 20, c.faults(), r.rowsWritten(), r.rowsLost());
            if (r.failure() != null) err.println("vgtrace: recording stopped early (QEMU ran on): " + r.failure());
        }
        if (result.problem() != null) err.println("vgtrace: recording stopped early: " + result.problem());
        if (!result.connected()) {
            err.println("vgtrace: no QEMU process loaded the shim: is QEMU-COMMAND a qemu-system-* program, and does "
                    + "a chroot or container see " + output.toAbsolutePath().getParent() + " at the same path?");
            return ExitCode.ENVIRONMENT;
        }
        if (!result.deviceSeen()) {
            if (result.qemuExit() == ExitCode.ENVIRONMENT) {
                err.println("vgtrace: the shim refused this QEMU (its line above says why)");
                return ExitCode.ENVIRONMENT;
            }
            err.println("vgtrace: QEMU realized no built-in virtio-gpu device (-device virtio-gpu-pci or "
                    + "virtio-gpu-gl-pci); for vhost-user-gpu use 'vgtrace capture --listen'");
        }
        if (result.qemuExit() != 0) {
            err.println("vgtrace: QEMU exited with status " + result.qemuExit() + " (the trace holds what it did until then)");
            return ExitCode.ENVIRONMENT;
        }
        return ExitCode.OK;
    }
}
