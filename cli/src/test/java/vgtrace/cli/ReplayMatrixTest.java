package vgtrace.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The committed QEMU capture (virglrenderer 1.1) replayed on the build it names, and as a matrix
 * of two builds, each in a child replay: in a trixie replay root (made once under the user's cache),
 * and on this machine's Debian 12 library or a bookworm root. Making and entering roots needs root.
 */
class ReplayMatrixTest {

    static final Path CAPTURE = CliRun.repo().resolve("samples/traces/qemu-gl-capture.arrows");

    @BeforeAll
    static void rootsCanBeMade() {
        assumeTrue(ReplayRoots.runningAsRoot(), "replay roots are made (debootstrap) and entered (chroot) as root");
    }

    @Test
    void theCaptureReplaysCleanOnTheBuildItNamesWithEveryFenceAndReadBackChecked() {
        CliRun r = CliRun.of("replay", CAPTURE.toString(), "--json");
        assertEquals(ExitCode.OK, r.exitCode(), r.out() + r.err());
        assertTrue(r.err().contains("captured on virglrenderer 1.1.0-2"), r.err());
        ReplayReport row = rows(r.out()).getFirst();
        assertTrue(row.virglrenderer().startsWith("1.1.0"), row.toString());
        assertNull(row.divergence(), row.toString());
        assertEquals(row.commands() - 6, row.completed(), "the 6 ring 3/7 fences stay unsignalled: " + row);
        assertEquals(3, row.readBacksChecked(), row.toString());
        assertEquals(row.completed(), row.responsesChecked(), row.toString());
        assertTrue(row.fencesChecked() >= 10, row.toString());
    }

    @Test
    void theMatrixOfDebian12AndTrixieDivergesOnlyOn0104AtTheGuestBlobCreate() {
        CliRun r = CliRun.of("replay", CAPTURE.toString(), "--virgl", "0.10.4,1.1", "--json");
        assertEquals(ExitCode.DIVERGED, r.exitCode(), r.out() + r.err());
        List<ReplayReport> rows = rows(r.out());
        assertEquals(List.of("0.10.4", "1.1"), rows.stream().map(ReplayReport::build).toList());
        ReplayReport old = rows.get(0), trixie = rows.get(1);
        assertEquals(ExitCode.DIVERGED, old.exit(), old.toString());
        assertEquals("RESPONSE", old.divergence().kind());
        assertTrue(old.divergence().command().startsWith("RESOURCE_CREATE_BLOB") && old.divergence().command().contains("mem=GUEST"),
                old.toString());
        assertTrue(old.divergence().expected().startsWith("RESP_OK_NODATA")
                && old.divergence().actual().startsWith("RESP_ERR_UNSPEC"), old.toString());
        assertEquals(ExitCode.OK, trixie.exit(), trixie.toString());
        assertNull(trixie.divergence(), trixie.toString());
        assertTrue(trixie.commands() > old.commands(), rows.toString());
    }

    @Test
    void anUnknownVersionOrAMissingLibraryIsAUsageError() {
        CliRun r = CliRun.of("replay", CAPTURE.toString(), "--virgl", "0.9");
        assertEquals(ExitCode.USAGE, r.exitCode(), r.out() + r.err());
        assertTrue(r.err().startsWith("vgtrace: no Debian suite is known to ship virglrenderer 0.9"), r.err());
        CliRun missing = CliRun.of("replay", CAPTURE.toString(), "--virgl", "/nowhere/libvirglrenderer.so");
        assertEquals(ExitCode.USAGE, missing.exitCode(), missing.out() + missing.err());
    }

    private static List<ReplayReport> rows(String json) {
        try {
            List<ReplayReport> out = new ArrayList<>();
            for (var node : new ObjectMapper().readTree(json)) out.add(ReplayReport.parse(node.toString()));
            return out;
        } catch (IOException e) {
            throw new AssertionError("not a JSON array of reports: " + json, e);
        }
    }
}
