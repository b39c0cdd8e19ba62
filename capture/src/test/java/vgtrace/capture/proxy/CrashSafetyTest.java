package vgtrace.capture.proxy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vgtrace.core.protocol.CtrlHeader;
import vgtrace.core.protocol.CtrlType;
import vgtrace.core.protocol.GetDisplayInfo;
import vgtrace.core.protocol.GpuCodec;
import vgtrace.core.trace.EventKind;
import vgtrace.core.trace.TraceEvent;
import vgtrace.core.trace.TraceFileException;
import vgtrace.core.trace.TraceReader;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** SIGKILL of a real capture process leaves a readable trace holding every complete batch. */
class CrashSafetyTest {

    @TempDir
    Path dir;

    @Test
    void sigkillMidCaptureLeavesATornButReadableTrace() throws Exception {
        Path backendSocket = dir.resolve("backend.sock"), listen = dir.resolve("proxy.sock"), trace = dir.resolve("t.arrows");
        String java = ProcessHandle.current().info().command().orElse("java");
        try (FakeBackend _ = new FakeBackend(backendSocket)) {
            Process capture = new ProcessBuilder(java, "--add-opens=java.base/java.nio=ALL-UNNAMED",
                    "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                    CaptureMain.class.getName(), listen.toString(), backendSocket.toString(), trace.toString())
                    .redirectErrorStream(true).redirectOutput(dir.resolve("capture.log").toFile()).start();
            try {
                waitFor(() -> Files.exists(listen), () -> "the capture process to listen");
                try (FakeFrontEnd vmm = new FakeFrontEnd(listen)) {
                    vmm.handshake();
                    for (int i = 0; i < 20; i++)
                        vmm.submit(0, GpuCodec.encode(new GetDisplayInfo(CtrlHeader.of(CtrlType.GET_DISPLAY_INFO))), 408);
                    vmm.awaitUsed(0, 20);
                    // the recorder writes a batch once its first row is 200 ms old
                    waitFor(() -> readable(trace).stream().filter(e -> e.kind() == EventKind.RESPONSE).count() == 20,
                            () -> "the batch to reach the file; rows so far: " + readable(trace).size()
                                    + "; capture.log: " + Files.readString(dir.resolve("capture.log")));
                    capture.destroyForcibly().waitFor();
                }
            } finally {
                capture.destroyForcibly();
            }
        }
        try (TraceReader reader = TraceReader.open(trace)) {
            List<TraceEvent> rows = new ArrayList<>();
            while (reader.hasNext()) rows.add(reader.next());
            assertTrue(reader.truncation().isPresent(), "killed: no end-of-stream marker");
            assertEquals(20, rows.stream().filter(e -> e.kind() == EventKind.COMMAND).count());
            assertEquals(20, rows.stream().filter(e -> e.kind() == EventKind.RESPONSE).count());
        }
    }

    private static List<TraceEvent> readable(Path trace) {
        List<TraceEvent> rows = new ArrayList<>();
        try (TraceReader reader = TraceReader.open(trace)) {
            while (reader.hasNext()) rows.add(reader.next());
        } catch (TraceFileException e) {
            return List.of(); // not even a schema yet
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
        return rows;
    }

    private interface Condition {
        boolean holds() throws Exception;
    }

    private interface Description {
        String text() throws Exception;
    }

    /** Polls (not a timed assertion: the bound only stops a broken run from hanging). */
    private static void waitFor(Condition c, Description what) throws Exception {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (!c.holds()) {
            if (System.nanoTime() > deadline) throw new AssertionError("gave up waiting for " + what.text());
            Thread.sleep(50);
        }
    }
}
