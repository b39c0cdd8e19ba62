package vgtrace.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The ui command's argument checks; rendering itself is tested in the ui module. */
class UiCommandTest {

    @TempDir
    Path dir;

    @Test
    void listedInHelp() {
        CliRun r = CliRun.of("--help");
        assertEquals(ExitCode.OK, r.exitCode());
        assertTrue(r.out().contains("ui"), r.out());
    }

    @Test
    void snapshotNeedsATrace() {
        CliRun r = CliRun.of("ui", "--snapshot", dir.toString());
        assertEquals(ExitCode.USAGE, r.exitCode());
        assertTrue(r.err().contains("--snapshot needs a TRACE"), r.err());
    }

    @Test
    void missingTraceIsBadInput() {
        CliRun r = CliRun.of("ui", "--snapshot", dir.toString(), dir.resolve("nope.arrows").toString());
        assertEquals(ExitCode.BAD_INPUT, r.exitCode());
        assertTrue(r.err().contains("no such trace file"), r.err());
    }

    @Test
    void unknownThemeIsAUsageError() {
        CliRun r = CliRun.of("ui", "--theme", "purple");
        assertEquals(ExitCode.USAGE, r.exitCode());
        assertTrue(r.err().contains("light or dark"), r.err());
    }
}
