package vgtrace.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vgtrace.core.trace.EventKind;
import vgtrace.core.trace.TraceEvent;
import vgtrace.core.trace.TraceReader;
import vgtrace.core.trace.TraceWriter;
import vgtrace.core.trace.WriterOptions;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The demonstration of {@code vgtrace reduce}: the bundled QEMU capture (virglrenderer 1.1) padded
 * with 200 more commands diverges on this machine's 0.10.4 at its GUEST blob create (a real build
 * difference); reduce, each candidate in a child replay, shrinks it to a handful of commands that
 * still diverge there, and the reduced trace replayed alone shows it.
 */
class ReduceTest {

    static final Path CAPTURE = CliRun.repo().resolve("samples/traces/qemu-gl-capture.arrows");

    @TempDir
    Path dir;

    @Test
    void aPaddedCaptureDivergingOn0104ShrinksToTheFewCommandsOfTheGuestBlobCreate() throws IOException {
        Path padded = padded(200);
        Path out = dir.resolve("reduced.arrows");
        CliRun r = CliRun.of("reduce", padded.toString(), "--virgl", "installed", "--until", "divergence", "-o", out.toString());
        assertEquals(ExitCode.OK, r.exitCode(), r.out() + r.err());
        assertTrue(r.out().contains("from 308 commands to "), r.out());
        int kept = Integer.parseInt(r.out().replaceAll("(?s).*from 308 commands to (\\d+) .*", "$1"));
        assertTrue(kept >= 1 && kept <= 10, r.out());
        assertTrue(r.err().contains("reduce: step 1, "), "a progress line per candidate: " + r.err());
        assertTrue(r.out().contains("still meets it: first divergence RESPONSE at RESOURCE_CREATE_BLOB"), r.out());

        CliRun replay = CliRun.of("replay", out.toString(), "--virgl", "installed");
        assertEquals(ExitCode.DIVERGED, replay.exitCode(), replay.out() + replay.err());
        assertTrue(replay.out().contains("(RESPONSE): RESOURCE_CREATE_BLOB res=6 mem=GUEST"), replay.out());
        assertTrue(replay.out().contains("actual:   RESP_ERR_UNSPEC"), replay.out());
        System.out.println("reduce demo:\n" + r.out());
    }

    @Test
    void aTraceThatDoesNotMeetTheConditionIsRefusedInOneLine() {
        CliRun r = CliRun.of("reduce", CliRun.repo().resolve("samples/traces/virgl-sample.arrows").toString(),
                "--until", "divergence", "-o", dir.resolve("x.arrows").toString());
        assertEquals(ExitCode.USAGE, r.exitCode(), r.out() + r.err());
        assertTrue(r.err().startsWith("vgtrace: the trace does not meet --until divergence") && r.err().contains("replays clean"), r.err());
    }

    /** The capture with {@code pairs} GET_DISPLAY_INFO commands and their captured answers added before its blob create. */
    private Path padded(int pairs) throws IOException {
        Path out = dir.resolve("padded.arrows");
        List<TraceEvent> rows = new ArrayList<>();
        try (TraceReader t = TraceReader.open(CAPTURE)) {
            while (t.hasNext()) rows.add(t.next());
        }
        TraceEvent query = rows.stream().filter(e -> e.kind() == EventKind.COMMAND && e.seq() == 16).findFirst().orElseThrow();
        TraceEvent answer = rows.stream().filter(e -> e.kind() == EventKind.RESPONSE && e.pairSeq() == 16).findFirst().orElseThrow();
        Map<Long, Long> seqs = new HashMap<>(); // old seq -> new, the padding's room left before the blob create
        long next = 0;
        for (TraceEvent e : rows) {
            if (e.seq() == 136) next += 2L * pairs;
            seqs.put(e.seq(), next++);
        }
        try (TraceReader t = TraceReader.open(CAPTURE);
             TraceWriter w = TraceWriter.create(out, t.metadata(), WriterOptions.DEFAULTS)) {
            for (TraceEvent e : rows) {
                long s = seqs.get(e.seq());
                if (e.seq() == 136) {
                    for (long c = s - 2L * pairs; c < s; c += 2) {
                        w.append(query.withSeq(c));
                        w.append(answer.withSeq(c + 1).withPair(c, answer.pairing()));
                    }
                }
                TraceEvent moved = e.withSeq(s);
                w.append(e.pairSeq() == TraceEvent.NO_SEQ ? moved : moved.withPair(seqs.get(e.pairSeq()), e.pairing()));
            }
        }
        return out;
    }
}
