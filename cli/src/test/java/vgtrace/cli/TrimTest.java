package vgtrace.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vgtrace.core.trace.TraceReader;
import vgtrace.replay.Completion;
import vgtrace.replay.VirglBackend;
import vgtrace.replay.engine.Divergence;
import vgtrace.replay.engine.Observed;
import vgtrace.replay.engine.PlanLoader;
import vgtrace.replay.engine.ReplayEngine;
import vgtrace.replay.engine.ReplayListener;
import vgtrace.replay.engine.ReplayPlan;
import vgtrace.replay.engine.ReplayResult;
import vgtrace.replay.engine.Step;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code vgtrace trim} on the bundled real captures, the scripted recording and a generated trace:
 * the trimmed trace, replayed alone on this machine's virglrenderer, gives every command of the range
 * the same response, read-backs and frames as the whole trace replayed, and diverges where (and only
 * where) the whole trace does inside the range.
 */
class TrimTest {

    static final Path TRACES = CliRun.repo().resolve("samples/traces");

    @TempDir
    Path dir;

    /** A whole replay: what each command produced (by seq) and the divergences, not stopping at the first. */
    record Replayed(Map<Long, Long> observed, ReplayResult result) {}

    static Replayed replay(Path trace) throws IOException {
        ReplayPlan plan = PlanLoader.load(trace, PlanLoader.Range.ALL);
        Map<Long, Long> observed = new TreeMap<>();
        ReplayListener record = new ReplayListener() {
            @Override
            public void completed(Step step, Completion c, long tsNs) {
                observed.put(step.seq(), Observed.of(c).digest());
            }
        };
        var config = VirglBackend.Config.defaults();
        if (plan.displays().isPresent()) config = config.withDisplays(plan.displays().get());
        try (VirglBackend b = VirglBackend.open(config)) {
            var options = new ReplayEngine.Options(ReplayEngine.Timing.ASAP, 256, 2_000_000_000L, true, false);
            return new Replayed(observed, new ReplayEngine(b, options, record).run(plan));
        }
    }

    /** Trims {@code trace} to {@code range} and checks the cut against the whole; returns the trim's report. */
    private String trimsFaithfully(Path trace, long first, long last, String... extra) throws IOException {
        Path out = dir.resolve("trimmed-" + first + ".arrows");
        List<String> args = new java.util.ArrayList<>(List.of("trim", trace.toString(), "--range", first + ".." + last, "-o", out.toString()));
        args.addAll(List.of(extra));
        CliRun r = CliRun.of(args.toArray(String[]::new));
        assertEquals(ExitCode.OK, r.exitCode(), r.out() + r.err());
        long shift = r.out().contains("shifted by ") ? Long.parseLong(r.out().replaceAll("(?s).*shifted by ([0-9,]+).*", "$1").replace(",", "")) : 0;

        Replayed whole = replay(trace), cut = replay(out);
        int compared = 0;
        for (var e : whole.observed().entrySet()) {
            if (e.getKey() < first || e.getKey() > last) continue;
            assertEquals(e.getValue(), cut.observed().get(e.getKey() + shift), "what seq " + e.getKey() + " produced, in " + r.out());
            compared++;
        }
        assertTrue(compared > 0, "no command of the range completed");
        List<String> inWhole = whole.result().divergences().stream().filter(d -> d.seq() >= first && d.seq() <= last)
                .map(d -> (d.seq() + shift) + " " + d.kind() + " " + d.actual()).toList();
        List<String> inCut = cut.result().divergences().stream().filter(d -> d.seq() >= first + shift)
                .map(d -> d.seq() + " " + d.kind() + " " + d.actual()).toList();
        assertEquals(inWhole, inCut, "divergences in the range");
        assertTrue(cut.result().divergences().stream().allMatch(d -> d.seq() >= first + shift),
                "the prologue itself diverged: " + cut.result().divergences().stream().map(Divergence::report).toList());
        return r.out();
    }

    @Test
    void theQemuCaptureFromItsLastContextOnReplaysItsSubmitsReadBackAndFinalFlushAlone() throws IOException {
        String report = trimsFaithfully(TRACES.resolve("qemu-gl-capture.arrows"), 188, 255);
        assertTrue(Files.size(dir.resolve("trimmed-188.arrows")) < Files.size(TRACES.resolve("qemu-gl-capture.arrows")) / 2, report);
        assertTrue(report.contains("after a prologue of 4 "), report); // res 2 created and backed, contexts 1 and 2
        try (TraceReader t = TraceReader.open(dir.resolve("trimmed-188.arrows"))) {
            assertEquals("1.1.0-2", t.metadata().extras().get("virglrenderer_debian"), "the build stays named");
        }
    }

    @Test
    void aWindowOpeningOnAMapOfAHost3dBlobBringsTheSubmitsThatMadeItsObject() throws IOException {
        String report = trimsFaithfully(TRACES.resolve("qemu-gl-capture.arrows"), 149, 160, "--drop-unused");
        assertTrue(report.contains("after a prologue of"), report);
    }

    @Test
    void theProxyCaptureFromItsSmallTransfersShowsTheFramesOfTheRestoredResource() throws IOException {
        String report = trimsFaithfully(TRACES.resolve("vhost-user-capture.arrows"), 67, 110);
        assertTrue(Files.size(dir.resolve("trimmed-67.arrows")) < Files.size(TRACES.resolve("vhost-user-capture.arrows")), report);
        assertTrue(report.contains("content of 1 resources"), report); // res 3 as the transfer at 58 left it
    }

    @Test
    void theRecordingsMiddleFramesReplayAloneWithTheirReadBacks() throws IOException {
        trimsFaithfully(TRACES.resolve("virgl-sample.arrows"), 79, 123);
    }

    @Test
    void aGeneratedTraceCutInTheMiddleAnswersAsTheWholeDoes() throws IOException {
        Path g = CliRun.generated(dir, "g.arrows", 400, 7);
        // a generated trace's made-up fences stall its replay at some point: cut inside what the whole replays
        List<Long> done = List.copyOf(replay(g).observed().keySet());
        assertTrue(done.size() > 30, "the generated trace replays " + done.size() + " commands");
        // (its 1024x768 scanout's content goes in whole: the cut may be larger than the trace)
        trimsFaithfully(g, done.get(done.size() / 3), done.get(2 * done.size() / 3));
    }

    @Test
    void droppingTheUnusedLeavesOutTheResourcesTheRangeNeverNames() throws IOException {
        Path trace = TRACES.resolve("vhost-user-capture.arrows");
        Path all = dir.resolve("all.arrows"), used = dir.resolve("used.arrows");
        CliRun a = CliRun.of("trim", trace.toString(), "--range", "67..76", "-o", all.toString());
        assertEquals(ExitCode.OK, a.exitCode(), a.err());
        assertTrue(a.out().contains("after a prologue of 10 "), a.out()); // res 2 and 3 created and backed, 3 shown; 5 to restore res 3
        CliRun r = CliRun.of("trim", trace.toString(), "--range", "67..76", "-o", used.toString(), "--drop-unused");
        assertEquals(ExitCode.OK, r.exitCode(), r.err());
        assertTrue(r.out().contains("after a prologue of 8 "), r.out()); // res 2 is never named in 67..76
        assertTrue(Files.size(used) < Files.size(all), Files.size(used) + " >= " + Files.size(all));
        assertTrue(replay(used).result().divergences().isEmpty());
    }

    @Test
    void anEmptyRangeOrAnExistingOutputIsOneLineSayingWhatToDo() throws IOException {
        Path trace = TRACES.resolve("virgl-sample.arrows");
        CliRun none = CliRun.of("trim", trace.toString(), "--range", "100000..", "-o", dir.resolve("x.arrows").toString());
        assertEquals(ExitCode.USAGE, none.exitCode());
        assertTrue(none.err().startsWith("vgtrace: no commands in ") && none.err().contains("vgtrace dump"), none.err());
        Files.writeString(dir.resolve("exists.arrows"), "");
        CliRun exists = CliRun.of("trim", trace.toString(), "--range", "10..20", "-o", dir.resolve("exists.arrows").toString());
        assertEquals(ExitCode.USAGE, exists.exitCode());
        assertTrue(exists.err().contains("--force replaces it"), exists.err());
        assertFalse(exists.err().contains("\n\tat "), exists.err());
    }
}
