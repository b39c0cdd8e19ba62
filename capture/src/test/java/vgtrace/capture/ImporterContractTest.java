package vgtrace.capture;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import vgtrace.capture.ftrace.FtraceImporter;
import vgtrace.capture.qemu.QemuTraceImporter;
import vgtrace.core.trace.TraceEvent;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** What every importer does alike, through the one line loop: lines bounded, counted and reported. */
class ImporterContractTest {

    private static Importer importer(String name, boolean strict) {
        return switch (name) {
            case "ftrace" -> new FtraceImporter(strict);
            case "qemu" -> new QemuTraceImporter(strict);
            default -> throw new IllegalArgumentException(name);
        };
    }

    private static ByteArrayInputStream log() {
        String text = "x".repeat(LineSource.DEFAULT_MAX_LINE + 10) + "\nnothing of ours here\n\n";
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.US_ASCII));
    }

    @ParameterizedTest
    @ValueSource(strings = {"ftrace", "qemu"})
    void anOverlongLineIsMalformedAndOtherLinesAreSkipped(String name) throws IOException {
        List<TraceEvent> rows = new ArrayList<>();
        ImportReport r = importer(name, false).importFrom(log(), "in", rows::add);
        assertEquals(3, r.lines());
        assertEquals(0, r.rows());
        assertEquals(List.of(), rows);
        assertEquals(2, r.skippedLines());
        assertEquals(1, r.malformedLines());
        assertEquals(List.of("in:1: line longer than 65536 bytes"), r.malformedExamples());
    }

    @ParameterizedTest
    @ValueSource(strings = {"ftrace", "qemu"})
    void strictStopsAtTheFirstMalformedLine(String name) {
        ImportException e = assertThrows(ImportException.class,
                () -> importer(name, true).importFrom(log(), "in", row -> fail("no rows")));
        assertTrue(e.getMessage().endsWith(" at in:1: line longer than 65536 bytes"), e.getMessage());
    }

    @org.junit.jupiter.api.Test
    void aReportIsBuiltByName() {
        ImportReport r = ImportReport.builder().lines(10).rows(4).skippedLines(5).malformedLines(1)
                .malformedExamples(List.of("in:3: bad")).unpairedResponses(2).unansweredCommands(1).mergedProbeEvents(3)
                .build();
        assertEquals("10 lines: 4 rows, 5 other lines skipped, 1 malformed, 2 responses unpaired, "
                + "1 commands unanswered, 3 probe events merged", r.summary());
        assertEquals(List.of(), r.warnings());
    }
}
