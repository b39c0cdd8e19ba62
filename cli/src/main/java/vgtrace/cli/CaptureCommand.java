package vgtrace.cli;

import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import vgtrace.analyzer.LiveCache;
import vgtrace.capture.proxy.BackendProcess;
import vgtrace.capture.proxy.CaptureResult;
import vgtrace.capture.proxy.CaptureSession;
import vgtrace.core.os.UnixSocket;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

@Command(name = "capture", subcommands = CaptureQemuCommand.class, description = {
        "Record a VM's virtio-gpu traffic as a vhost-user proxy.",
        "",
        "vgtrace listens on SOCK as a vhost-user-gpu back-end would, connects to the real back-end, and "
                + "forwards every message both ways while it records every command, response, the guest "
                + "memory transfers read, and what the back-end displays. Point the VMM at SOCK "
                + "(QEMU: -chardev socket,path=SOCK -device vhost-user-gpu-pci). Ctrl-C stops and closes the trace. "
                + "Traces hold guest memory: they are created 0600. See docs/capture.md.",
        "",
        "'vgtrace capture qemu' records QEMU's built-in virtio-gpu device instead (virgl 3D, blobs, rings)."})
final class CaptureCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--listen", paramLabel = "SOCK", description = "Socket path the VMM connects to (must not exist).")
    Path listen;

    static final class Backend {
        @Option(names = "--backend", paramLabel = "SOCK", description = "Socket of a running back-end.")
        Path socket;

        @Option(names = "--backend-cmd", paramLabel = "CMD", description = "Start the back-end: CMD runs under bash -c "
                + "and must listen on $VGTRACE_BACKEND_SOCKET (or {socket} in CMD), e.g. "
                + "\"/usr/lib/qemu/vhost-user-gpu --socket-path={socket}\".")
        String command;
    }

    @ArgGroup(multiplicity = "0..1")
    Backend backend;

    @Option(names = {"-o", "--output"}, paramLabel = "TRACE", description = "The trace file to write (.arrows).")
    Path output;

    @Mixin
    RecordingOptions recording;

    @Mixin
    CacheWhileWriting cacheWhileWriting;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        // Not required by picocli, so that 'capture qemu' parses without them.
        if (listen == null || backend == null || output == null)
            throw new UserInputException(ExitCode.USAGE, "capture needs --listen, --backend or --backend-cmd, and -o "
                    + "(or 'vgtrace capture qemu -o TRACE -- QEMU-COMMAND...'): see 'vgtrace capture --help'");
        int queueRows = recording.checkedQueueRows();
        boolean force = recording.force;
        CaptureChecks.beforeConnecting(listen, output, force);
        BackendProcess process = null;
        UnixSocket backendSocket;
        try {
            if (backend.command != null) {
                process = BackendProcess.start(backend.command, Duration.ofSeconds(20));
                backendSocket = process.connect();
            } else {
                backendSocket = UnixSocket.connect(backend.socket);
            }
        } catch (IOException e) {
            if (process != null) process.close();
            throw new UserInputException(ExitCode.ENVIRONMENT, "cannot reach the back-end: " + e.getMessage());
        }
        String described = backend.command != null ? "command: " + backend.command : "socket: " + backend.socket;
        CaptureResult result;
        try (BackendProcess owned = process;
             LiveCache cache = cacheWhileWriting.start(output, err, true, true);
             CaptureSession session = CaptureSession.open(
                     new CaptureSession.Options(listen, output, force, queueRows, described, cache), backendSocket)) {
            err.println("vgtrace: listening on " + listen + ", recording to " + output);
            CountDownLatch done = new CountDownLatch(1);
            Thread hook = new Thread(() -> {
                session.stop();
                try {
                    done.await(10, TimeUnit.SECONDS); // let the main thread flush and close the trace
                } catch (InterruptedException ignored) {
                    Thread.currentThread().interrupt();
                }
            }, "vgtrace-capture-stop");
            Runtime.getRuntime().addShutdownHook(hook);
            try (CaptureProgress progress = CaptureProgress.start(() -> {
                var c = session.counters().snapshot();
                var r = session.recorderStats();
                return new CaptureProgress.Status(r.rowsWritten(), r.rowsLost(), c.commands() + c.responses(),
                        session.tracePath());
            }, err)) {
                result = session.run();
                if (result.outcome() == CaptureResult.Outcome.BACKEND_DIED && owned != null)
                    result = new CaptureResult(result.outcome(), result.detail() + " (back-end process " + owned.state() + ")",
                            result.counters());
            } finally {
                session.close();
                try {
                    CacheWhileWriting.commit(cache, output); // before the stop hook lets the JVM exit
                } finally {
                    done.countDown();
                }
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException shuttingDown) {
                    // the hook is running: it waits for done, which is counted down
                }
            }
            var c = result.counters();
            var r = session.recorderStats();
            out.printf("wrote %s: %,d commands, %,d responses, %,d display messages, %,d faults, %,d MiB guest memory, "
                            + "%,d rows (%,d lost)%n", output, c.commands(), c.responses(), c.displayMessages(), c.faults(),
                    c.memoryBytes() >> 20, r.rowsWritten(), r.rowsLost());
            if (r.failure() != null) err.println("vgtrace: recording stopped early (forwarding went on): " + r.failure());
        }
        if (!result.clean()) {
            err.println("vgtrace: capture ended: " + result.detail());
            return result.outcome() == CaptureResult.Outcome.BACKEND_DIED ? ExitCode.ENVIRONMENT : ExitCode.INTERNAL;
        }
        return ExitCode.OK;
    }
}
