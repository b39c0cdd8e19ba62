package vgtrace.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import vgtrace.capture.ftrace.FtraceImporter;
import vgtrace.core.protocol.CtrlType;
import vgtrace.core.protocol.GpuCodec;
import vgtrace.core.protocol.TransferToHost2d;
import vgtrace.core.trace.*;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.*;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A real guest through the capture proxy: QEMU 10 vhost-user-gpu-pci -> vgtrace capture -> QEMU's
 * vhost-user-gpu, with samples/guest vgwork on the 2D path (samples/vm/run-vhost-user.sh --proxy).
 * Runs only with -Dvgtrace.e2e=true (VGTRACE_E2E=1 ./run-tests); needs the Debian archive the first time.
 */
@EnabledIfSystemProperty(named = "vgtrace.e2e", matches = "true|1")
class CaptureE2ETest {

    /** One command as both sides see it: queue, type, flags and fence. */
    private record Seen(int queue, int type, int flags, long fence) {
        static Seen of(TraceEvent e) {
            return new Seen(e.queue(), e.header().type(), e.header().flags(), e.header().fenceId());
        }
    }

    @Test
    void aRealGuestThroughTheProxyIsCapturedWholeAndMatchesItsOwnFtrace() throws Exception {
        Path repo = CliRun.repo().toAbsolutePath().normalize();
        String java = ProcessHandle.current().info().command().orElseThrow();
        String capture = String.join(" ", java, "--add-opens=java.base/java.nio=ALL-UNNAMED",
                "--enable-native-access=ALL-UNNAMED", "-cp", "'" + System.getProperty("java.class.path") + "'",
                Main.class.getName(), "capture", "--listen", "$VGTRACE_FRONTEND_SOCKET",
                "--backend", "$VGTRACE_BACKEND_SOCKET", "-o", "$VGTRACE_RUN_DIR/capture.arrows");
        Process run = new ProcessBuilder(repo.resolve("samples/vm/run-vhost-user.sh").toString(), "--proxy", capture)
                .redirectErrorStream(true).start();
        String output = new String(run.getInputStream().readAllBytes());
        assertTrue(run.waitFor(20, TimeUnit.MINUTES));
        assertEquals(0, run.exitValue(), "the guest booted and vgwork finished:\n" + output);
        Path dir = Path.of(output.strip().lines().reduce((a, b) -> b).orElseThrow());
        Path trace = dir.resolve("capture.arrows");
        assertTrue(Files.readString(dir.resolve("proxy.log")).contains("wrote "), "the capture closed its trace");

        List<TraceEvent> rows = new ArrayList<>();
        MemoryContent memory = new MemoryContent(trace);
        try (TraceReader reader = TraceReader.open(trace)) {
            while (reader.hasNext()) {
                TraceEvent e = reader.next();
                memory.accept(e);
                rows.add(e);
            }
            assertTrue(reader.truncation().isEmpty(), "a closed trace has its end-of-stream marker");
        }
        List<TraceEvent> commands = rows.stream().filter(e -> e.kind() == EventKind.COMMAND).toList();
        assertTrue(commands.size() >= 20, "vgwork's 2D part sends at least 20 commands");
        assertEquals(List.of(), rows.stream().filter(e -> e.kind() == EventKind.NOTE).map(TraceEvent::text).toList(),
                "no faults, losses or decode errors");

        // every control-queue command has its response (cursor commands complete without one)
        Set<Long> answered = rows.stream().filter(e -> e.kind() == EventKind.RESPONSE).map(TraceEvent::pairSeq)
                .collect(Collectors.toSet());
        assertEquals(List.of(), commands.stream().filter(c -> c.queue() == 0 && !answered.contains(c.seq())).toList());

        // the same commands, in the same order per queue, with the same fences, as the guest's ftrace
        List<TraceEvent> guest = new ArrayList<>();
        try (InputStream in = Files.newInputStream(dir.resolve("ftrace.txt"))) {
            new FtraceImporter(false).importFrom(in, "ftrace.txt", guest::add);
        }
        for (int q = 0; q < 2; q++) {
            int queue = q;
            List<Seen> ours = commands.stream().filter(c -> c.queue() == queue).map(Seen::of).toList();
            List<Seen> theirs = guest.stream().filter(e -> e.kind() == EventKind.COMMAND && e.queue() == queue)
                    .map(Seen::of).toList();
            assertEquals(theirs, ours, "queue " + q);
        }

        // memory rows rebuild every transferred frame: each transfer's rows (h x w*4 bytes), all bytes present
        for (TraceEvent c : commands) {
            switch (GpuCodec.decode(c.payload())) {
                case TransferToHost2d t -> {
                    long expected = (long) t.r().height() * t.r().width() * 4;
                    long got = 0;
                    for (TraceEvent m : rows) {
                        if (m.kind() != EventKind.MEMORY || m.pairSeq() != c.seq()) continue;
                        assertTrue(memory.bytesOf(m).isPresent(), "memory row " + m.seq() + " has its bytes");
                        got += m.fields().size();
                    }
                    assertEquals(expected, got, "bytes read by transfer seq " + c.seq());
                }
                default -> { }
            }
        }
        assertTrue(commands.stream().anyMatch(c -> c.header().ctrlType() == CtrlType.TRANSFER_TO_HOST_2D));
        assertTrue(rows.stream().anyMatch(e -> e.kind() == EventKind.DISPLAY && "UPDATE".equals(e.text())));
    }
}
