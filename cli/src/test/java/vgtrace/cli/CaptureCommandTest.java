package vgtrace.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * capture's own arguments are checked before the back-end is started or reached (a back-end that
 * serves one client would be lost to a typo), with one line that says what to do, leaving nothing.
 */
class CaptureCommandTest {

    @TempDir
    Path dir;

    /** Runs capture with a back-end command that leaves a mark if it is ever started. */
    private CliRun capture(Path listen, Path output) {
        Path started = dir.resolve("backend-started");
        return CliRun.of("capture", "--listen", listen.toString(), "--backend-cmd", "touch '" + started + "'; sleep 30",
                "-o", output.toString());
    }

    private void assertRefusedBeforeTheBackend(CliRun r, String fragment, Path output) {
        assertEquals(ExitCode.BAD_INPUT, r.exitCode(), r.out() + r.err());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().startsWith("vgtrace: ") && r.err().contains(fragment), r.err());
        assertFalse(Files.exists(dir.resolve("backend-started")), "the back-end was never started");
        assertFalse(Files.exists(output), "no trace is left behind");
    }

    @Test
    void aMissingOutputDirectoryIsFoundFirst() {
        Path output = dir.resolve("nodir/t.arrows");
        CliRun r = capture(dir.resolve("s.sock"), output);
        assertRefusedBeforeTheBackend(r, "directory " + dir.resolve("nodir") + " does not exist: create it", output);
    }

    @Test
    void anExistingListenPathIsFoundFirst() throws IOException {
        Path listen = Files.writeString(dir.resolve("s.sock"), "");
        Path output = dir.resolve("t.arrows");
        assertRefusedBeforeTheBackend(capture(listen, output), "--listen " + listen + " exists: remove it", output);
    }

    @Test
    void aDirectoryThatTakesNoFilesIsFoundFirst() {
        Path output = Path.of("/proc/t.arrows"); // no new files there, even for root
        assertRefusedBeforeTheBackend(capture(dir.resolve("s.sock"), output), "cannot create the trace in /proc", output);
    }

    @Test
    void anExistingTraceNeedsForceAndIsKept() throws IOException {
        Path output = Files.writeString(dir.resolve("t.arrows"), "earlier");
        CliRun r = capture(dir.resolve("s.sock"), output);
        assertEquals(ExitCode.BAD_INPUT, r.exitCode());
        assertTrue(r.err().contains("exists: use --force"), r.err());
        assertEquals("earlier", Files.readString(output));
        assertFalse(Files.exists(dir.resolve("backend-started")));
    }

    @Test
    void captureQemuRefusesACommandThatIsNoProgramAndLeavesNothing() throws IOException {
        Path output = dir.resolve("t.arrows");
        CliRun r = CliRun.of("capture", "qemu", "-o", output.toString(), "--", dir.resolve("no-such-qemu").toString(), "-m", "1G");
        assertEquals(ExitCode.USAGE, r.exitCode(), r.out() + r.err());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().startsWith("vgtrace: QEMU-COMMAND starts with ") && r.err().contains("not an executable program"), r.err());
        try (var left = Files.list(dir)) {
            assertEquals(List.of(), left.toList(), "no trace and no shim directory left behind");
        }
    }
}
