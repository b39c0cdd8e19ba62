package vgtrace.capture.proxy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vgtrace.core.os.UnixSocket;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

class CaptureSessionTest {

    @TempDir
    Path dir;

    @Test
    void aSessionThatCannotListenLeavesNoTrace() throws IOException {
        Path trace = dir.resolve("t.arrows");
        try (FakeBackend _ = new FakeBackend(dir.resolve("backend.sock"))) {
            UnixSocket backend = UnixSocket.connect(dir.resolve("backend.sock"));
            assertThrows(IOException.class, () -> CaptureSession.open(new CaptureSession.Options(
                    dir.resolve("no/such/dir/s.sock"), trace, false, 64, "fake"), backend));
        }
        assertFalse(Files.exists(trace), "the empty trace is removed");
    }
}
