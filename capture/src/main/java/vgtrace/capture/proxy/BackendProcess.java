package vgtrace.capture.proxy;

import vgtrace.core.os.UnixSocket;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A back-end that the capture starts itself ({@code --backend-cmd}): the command runs under
 * {@code bash -c} with {@code VGTRACE_BACKEND_SOCKET} set to a socket path in a fresh 0700 directory
 * (and {@code {socket}} in the command replaced by it); it must listen there. Its output goes to
 * ours (stderr). Stopped, then killed, on {@link #close()}.
 */
public final class BackendProcess implements AutoCloseable {

    private static final Duration POLL = Duration.ofMillis(50);

    private final Process process;
    private final Path dir;
    private final Path socket;

    private BackendProcess(Process process, Path dir, Path socket) {
        this.process = process;
        this.dir = dir;
        this.socket = socket;
    }

    /**
     * Starts {@code command} and waits up to {@code timeout} for its socket.
     *
     * @throws IOException when it cannot start, exits first, or does not listen in time
     */
    public static BackendProcess start(String command, Duration timeout) throws IOException {
        Path dir = Files.createTempDirectory("vgtrace-backend-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Path socket = dir.resolve("backend.sock");
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", command.replace("{socket}", socket.toString()))
                .redirectOutput(ProcessBuilder.Redirect.INHERIT).redirectError(ProcessBuilder.Redirect.INHERIT)
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        pb.environment().put("VGTRACE_BACKEND_SOCKET", socket.toString());
        BackendProcess b = new BackendProcess(pb.start(), dir, socket);
        try {
            b.awaitSocket(timeout);
            return b;
        } catch (IOException | RuntimeException e) {
            b.close();
            throw e;
        }
    }

    private void awaitSocket(Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!Files.exists(socket)) {
            if (!process.isAlive()) throw new IOException("the back-end command exited with status "
                    + process.exitValue() + " before listening on " + socket);
            if (System.nanoTime() > deadline)
                throw new IOException("the back-end command did not listen on " + socket + " within " + timeout.toSeconds() + " s");
            try {
                Thread.sleep(POLL);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for the back-end");
            }
        }
    }

    public Path socket() {
        return socket;
    }

    /** Connects to the back-end's socket (it accepts one front-end). */
    public UnixSocket connect() throws IOException {
        return UnixSocket.connect(socket);
    }

    /** "still running", or how it ended: for the report when the back-end dies. */
    public String state() {
        try {
            if (process.waitFor(200, TimeUnit.MILLISECONDS)) {
                int code = process.exitValue();
                return code > 128 ? "killed by signal " + (code - 128) : "exited with status " + code;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return "still running";
    }

    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroy); // bash may have forked the back-end
        process.destroy();
        try {
            if (!process.waitFor(2, TimeUnit.SECONDS)) process.destroyForcibly().waitFor(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            Files.deleteIfExists(socket);
            Files.deleteIfExists(dir);
        } catch (IOException ignored) {
            // a leftover empty 0700 directory in the temp dir is harmless
        }
    }
}
