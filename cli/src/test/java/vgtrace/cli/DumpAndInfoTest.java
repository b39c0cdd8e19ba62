package vgtrace.cli;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vgtrace.core.protocol.CtrlType;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class DumpAndInfoTest {

    @TempDir
    static Path dir;
    static Path trace;

    @BeforeAll
    static void generate() {
        trace = CliRun.generated(dir, "gen.arrows", 3000, 7);
    }

    @Test
    void dumpShowsEveryMessageTypeDecoded() {
        CliRun r = CliRun.of("dump", trace.toString());
        assertEquals(0, r.exitCode(), r.err());
        for (CtrlType t : CtrlType.values()) {
            assertTrue(r.out().contains(" " + t.name()), t + " is not in the dump");
        }
        assertFalse(r.out().contains("undecodable"));
        assertTrue(r.out().contains("RESOURCE_CREATE_2D res=1 fmt=B8G8R8X8_UNORM 1024x768"), "decoded fields shown");
        assertTrue(r.out().contains(" 0x400"), "the undefined type is shown by number");
    }

    @Test
    void dumpFiltersByTypeContextAndSeq() {
        List<String> submits = CliRun.of("dump", trace.toString(), "--type", "SUBMIT_3D", "--ctx", "2").out().lines().toList();
        assertFalse(submits.isEmpty());
        assertTrue(submits.stream().allMatch(l -> l.contains("SUBMIT_3D ctx=2")), String.join("\n", submits));
        List<String> window = CliRun.of("dump", trace.toString(), "--seq", "10..19").out().lines().toList();
        assertEquals(10, window.size());
        assertTrue(window.get(0).strip().startsWith("10 "));
        CliRun bad = CliRun.of("dump", trace.toString(), "--type", "NOT_A_TYPE");
        assertEquals(ExitCode.USAGE, bad.exitCode());
        assertTrue(bad.err().contains("unknown message type"));
    }

    @Test
    void dumpHexShowsPayloadBytes() {
        String out = CliRun.of("dump", trace.toString(), "--seq", "0", "--hex").out();
        assertTrue(out.contains("000000  00 01 00 00"), "GET_DISPLAY_INFO's type 0x100, little-endian:\n" + out);
    }

    @Test
    void infoCountsWhatTheGeneratorWrote() {
        CliRun r = CliRun.of("info", trace.toString());
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("source                 generator"), r.out());
        assertTrue(r.out().contains("RESP_ERR_INVALID_PARAMETER"), r.out());
        assertTrue(r.out().contains("ctx 1 ring 0"), r.out());
        assertTrue(r.out().contains("complete: the stream ends with its end marker"));
    }

    @Test
    void theSameSeedGivesTheSameTrace() {
        Path again = dir.resolve("again.arrows");
        assertEquals(0, CliRun.of("generate", "-n", "3000", "--seed", "7", "-o", again.toString()).exitCode());
        assertEquals(CliRun.of("dump", trace.toString(), "--hex").out(), CliRun.of("dump", again.toString(), "--hex").out());
    }
}
