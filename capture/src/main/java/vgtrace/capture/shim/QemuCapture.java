package vgtrace.capture.shim;

import vgtrace.capture.proxy.Recorder;
import vgtrace.capture.proxy.RecorderStats;
import vgtrace.capture.proxy.RowWriter;
import vgtrace.core.trace.BatchListener;
import vgtrace.core.trace.TraceMetadata;
import vgtrace.core.trace.TraceWriter;
import vgtrace.core.trace.WriterOptions;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * One capture of QEMU's built-in virtio-gpu device: starts the QEMU command with the shim preloaded,
 * takes the shim's records from a socket and writes them as trace rows until QEMU exits.
 *
 * <p>The shim library and its socket live in a private directory beside the trace (made 0700,
 * removed at the end), so a QEMU run in a chroot or container that sees the trace's directory at the
 * same path reaches both. The QEMU command's own output is passed through.
 */
public final class QemuCapture implements AutoCloseable {

    /**
     * @param output    the trace file (created 0600)
     * @param overwrite replace {@code output} if it exists
     * @param command   the QEMU command line (possibly behind wrappers such as xvfb-run or chroot)
     * @param queueRows capacity of the recording queue, in rows
     */
    /** @param listener sees each batch written (the query cache built while capturing), or null */
    public record Options(Path output, boolean overwrite, List<String> command, int queueRows, BatchListener listener) {
        public Options {
            command = List.copyOf(command);
        }

        public Options(Path output, boolean overwrite, List<String> command, int queueRows) {
            this(output, overwrite, command, queueRows, null);
        }
    }

    /**
     * How a capture ended.
     *
     * @param qemuExit  QEMU's exit status
     * @param connected whether the shim connected from a QEMU process
     * @param problem   why recording stopped early (a broken record stream), or null
     */
    public record Result(int qemuExit, boolean connected, boolean deviceSeen, String problem, ShimRows.Counts counts,
                         int unanswered) {
    }

    private final Path workDir;
    private final ServerSocketChannel server;
    private final TraceWriter writer;
    private final Recorder recorder;
    private final ShimRows rows;
    private final List<String> command;
    private final Path library;
    private final Path socket;
    private volatile Process qemu;
    private volatile boolean connected;
    private volatile String problem;

    private QemuCapture(Path workDir, ServerSocketChannel server, TraceWriter writer, Recorder recorder,
                        List<String> command, Path library, Path socket) {
        this.workDir = workDir;
        this.server = server;
        this.writer = writer;
        this.recorder = recorder;
        this.rows = new ShimRows(recorder);
        this.command = command;
        this.library = library;
        this.socket = socket;
    }

    /** Creates the trace, the private directory with the shim, and the socket; QEMU starts in {@link #run()}. */
    public static QemuCapture open(Options o) throws IOException {
        Path dir = o.output().toAbsolutePath().getParent();
        Path work = Files.createTempDirectory(dir, ".vgtrace-qemu-", PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwx------")));
        ServerSocketChannel server = null;
        try {
            Path library = ShimLibrary.extractTo(work);
            Path socket = work.resolve("shim.sock");
            server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            server.bind(UnixDomainSocketAddress.of(socket));
            long anchor = Instant.now().toEpochMilli() * 1_000_000 - System.nanoTime();
            TraceMetadata meta = TraceMetadata.of("qemu-shim").with("clock", "CLOCK_MONOTONIC")
                    .with("clock_anchor_realtime_ns", Long.toString(anchor))
                    .with("qemu_command", String.join(" ", o.command()))
                    .with("cursor_queue", "not recorded (QEMU's cursor handler is not reachable from a preloaded library)");
            String device = deviceArguments(o.command());
            if (device != null) meta = meta.with("device_args", device);
            TraceWriter writer = TraceWriter.create(o.output(), meta, WriterOptions.DEFAULTS.withOverwrite(o.overwrite()), o.listener());
            Recorder recorder = new Recorder(RowWriter.of(writer), o.queueRows());
            return new QemuCapture(work, server, writer, recorder, o.command(), library, socket);
        } catch (IOException | RuntimeException e) {
            if (server != null) server.close();
            deleteTree(work);
            throw e;
        }
    }

    /** The {@code -device virtio-gpu...} argument of a QEMU command line, or null. */
    static String deviceArguments(List<String> command) {
        for (int i = 0; i + 1 < command.size(); i++)
            if (command.get(i).equals("-device")
                    && (command.get(i + 1).startsWith("virtio-gpu") || command.get(i + 1).startsWith("virtio-vga")))
                return command.get(i + 1);
        return null;
    }

    /** Starts QEMU and records until it exits. */
    public Result run() throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).inheritIO();
        Map<String, String> env = pb.environment();
        String preload = env.get("LD_PRELOAD");
        env.put("LD_PRELOAD", library + (preload == null || preload.isBlank() ? "" : " " + preload));
        env.put("VGTRACE_SHIM_SOCKET", socket.toString());
        try {
            qemu = pb.start();
        } catch (IOException e) {
            throw new IOException("cannot start " + command.getFirst() + ": " + e.getMessage(), e);
        }
        Thread reader = Thread.ofPlatform().name("vgtrace-shim-reader").start(this::readShim);
        int exit = qemu.waitFor();
        reader.join();
        return new Result(exit, connected, rows.deviceSeen(), problem, rows.counts(), rows.unansweredCommands());
    }

    /** Accepts the shim's connection and turns its records into rows until the stream ends. */
    private void readShim() {
        SocketChannel accepted;
        try {
            accepted = acceptWhileQemuRuns();
        } catch (IOException e) {
            problem = "accepting the shim's connection: " + e.getMessage();
            return;
        }
        if (accepted == null) return;
        try (SocketChannel ch = accepted;
             InputStream in = new BufferedInputStream(Channels.newInputStream(ch), 1 << 20)) {
            connected = true;
            ShimRecordDecoder decoder = new ShimRecordDecoder(in);
            for (ShimRecord r; (r = decoder.next()) != null; ) rows.accept(r);
        } catch (ShimProtocolException e) {
            problem = e.getMessage();
            rows.note(System.nanoTime(), "the shim's record stream broke (" + e.getMessage() + "): recording stopped");
            recorder.flush();
        } catch (IOException e) {
            if (connected) problem = "reading the shim's socket: " + e.getMessage();
        }
    }

    /**
     * The shim's connection, or null when QEMU exited without one. A QEMU that exits at once still
     * left its connection in the backlog, so one last look is taken after it exits.
     */
    private SocketChannel acceptWhileQemuRuns() throws IOException {
        server.configureBlocking(false);
        while (true) {
            boolean exited = !qemu.isAlive();
            SocketChannel ch = server.accept();
            if (ch != null) {
                ch.configureBlocking(true);
                return ch;
            }
            if (exited) return null;
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
    }

    /** Stops QEMU (the user pressed Ctrl-C, or vgtrace is ending): it is asked to quit, as by a signal. */
    public void stopQemu() {
        Process p = qemu;
        if (p != null) p.destroy();
    }

    public ShimRows.Counts counts() {
        return rows.counts();
    }

    public RecorderStats recorderStats() {
        return recorder.stats();
    }

    public Path tracePath() {
        return writer.path();
    }

    /** Writes the queued rows, closes the trace and removes the private directory. */
    @Override
    public void close() throws IOException {
        try {
            server.close();
            recorder.close();
        } finally {
            deleteTree(workDir);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        List<Path> all;
        try (Stream<Path> s = Files.walk(dir)) {
            all = s.sorted(Comparator.reverseOrder()).toList();
        }
        for (Path p : all) Files.deleteIfExists(p);
    }
}
