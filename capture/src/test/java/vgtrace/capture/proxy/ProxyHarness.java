package vgtrace.capture.proxy;

import vgtrace.core.os.UnixSocket;
import vgtrace.core.trace.TraceEvent;
import vgtrace.core.trace.TraceReader;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** A fake back-end, a capture session on its own thread, and a fake front-end, wired in a temp dir. */
final class ProxyHarness implements AutoCloseable {

    final Path trace;
    final FakeBackend backend;
    final CaptureSession session;
    final CompletableFuture<CaptureResult> result = new CompletableFuture<>();
    final FakeFrontEnd vmm;
    /** The listening socket's permissions before the VMM connected (the file goes once it has). */
    final String socketMode;

    ProxyHarness(Path dir, int queueRows) throws Exception {
        trace = dir.resolve("capture.arrows");
        Path backendSocket = dir.resolve("backend.sock");
        backend = new FakeBackend(backendSocket);
        session = CaptureSession.open(new CaptureSession.Options(dir.resolve("proxy.sock"), trace, false, queueRows,
                "fake"), UnixSocket.connect(backendSocket));
        Thread.ofPlatform().name("proxy-under-test").start(() -> result.complete(session.run()));
        socketMode = PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("proxy.sock")));
        vmm = new FakeFrontEnd(dir.resolve("proxy.sock"));
    }

    /** The VMM leaves; the capture ends and its trace is closed. */
    CaptureResult finish() throws Exception {
        vmm.close();
        CaptureResult r = result.get();
        session.close();
        return r;
    }

    static List<TraceEvent> rows(Path trace) throws IOException {
        List<TraceEvent> rows = new ArrayList<>();
        try (TraceReader reader = TraceReader.open(trace)) {
            while (reader.hasNext()) rows.add(reader.next());
            if (reader.truncation().isPresent()) throw new AssertionError("torn trace: " + reader.truncation().get());
        }
        return rows;
    }

    @Override
    public void close() throws IOException {
        vmm.close();
        session.stop();
        session.close();
        backend.close();
    }
}
