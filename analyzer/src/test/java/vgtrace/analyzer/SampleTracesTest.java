package vgtrace.analyzer;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import vgtrace.core.protocol.CtrlType;
import vgtrace.core.trace.EventKind;
import vgtrace.core.trace.TraceEvent;
import vgtrace.core.trace.TraceReader;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** The real sample traces (samples/traces): the views' counts against counts made from TraceReader rows. */
class SampleTracesTest {

    static Stream<Path> samples() throws IOException {
        Path dir = Path.of(System.getProperty("vgtrace.repo", "..")).resolve("samples/traces");
        if (!Files.isDirectory(dir)) return Stream.empty();
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> traces = files.filter(f -> f.toString().endsWith(".arrows")).sorted().toList();
            assertFalse(traces.isEmpty(), "samples/traces holds traces");
            return traces.stream();
        }
    }

    /** Counts made row by row in Java, the way the views should see them. */
    private record JavaCounts(long commands, long answered, long fenced, long errors, Set<String> timelines) {

        static JavaCounts of(Path trace) throws IOException {
            long commands = 0, fenced = 0, errors = 0;
            Set<Long> commandSeqs = new HashSet<>();
            Set<Long> answered = new HashSet<>();
            Set<String> timelines = new TreeSet<>();
            try (TraceReader r = TraceReader.open(trace)) {
                while (r.hasNext()) {
                    TraceEvent e = r.next();
                    if (e.kind() == EventKind.COMMAND) {
                        commands++;
                        commandSeqs.add(e.seq());
                        if ((e.header().flags() & 1) != 0) {
                            fenced++;
                            boolean ring = (e.header().flags() & 2) != 0;
                            timelines.add(!ring ? "global" : "ctx " + Integer.toUnsignedString(e.header().ctxId())
                                    + " ring " + (e.ringIdx() == null ? "?" : e.ringIdx()));
                        }
                    } else if (e.kind() == EventKind.RESPONSE) {
                        if (commandSeqs.contains(e.pairSeq())) answered.add(e.pairSeq());
                        CtrlType t = CtrlType.lookup(e.header().type());
                        if (t != null && t.kind() == CtrlType.Kind.RESPONSE_ERR) errors++;
                    }
                }
            }
            return new JavaCounts(commands, answered.size(), fenced, errors, timelines);
        }
    }

    @ParameterizedTest
    @MethodSource("samples")
    void viewsAgreeWithRowByRowCounts(Path trace) throws IOException, SQLException {
        JavaCounts expected = JavaCounts.of(trace);
        try (TraceDatabase db = TraceDatabase.open(trace, LoadOptions.IN_MEMORY)) {
            assertEquals(expected.commands(), db.count("SELECT count(*) FROM commands"), "commands");
            assertEquals(expected.answered(), db.count("SELECT count(*) FROM commands WHERE response_seq IS NOT NULL"), "answered");
            assertEquals(expected.fenced(), db.count("SELECT count(*) FROM fences"), "fences");
            assertEquals(expected.errors(), db.count("SELECT count(*) FROM errors"), "errors");
            assertEquals(expected.timelines(), new TreeSet<>(Sql.rows(db, "SELECT timeline FROM rings")), "timelines");
            assertEquals(expected.fenced(), db.count("SELECT coalesce(sum(fences), 0) FROM rings"));
            assertEquals(expected.commands(), db.count("SELECT coalesce(sum(commands), 0) FROM type_stats"));
        }
    }
}
