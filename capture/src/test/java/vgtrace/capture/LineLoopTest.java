package vgtrace.capture;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The line loop reads and parses ahead on other threads ({@link ParsedLines}): the steps must still see
 * every line once, in order, with its number, and a failure on either side must end the import as
 * it would have without the thread.
 */
class LineLoopTest {

    /** Lines "line 1" ... "line n", spanning several of the parser's blocks and a partial one. */
    private static InputStream numbered(int n) {
        StringBuilder text = new StringBuilder();
        for (int i = 1; i <= n; i++) text.append("line ").append(i).append('\n');
        return new ByteArrayInputStream(text.toString().getBytes(StandardCharsets.US_ASCII));
    }

    private record Parsed(String text, long lineNumber, String thread) { }

    private static Parsed parse(AsciiLine line, long lineNumber) {
        return new Parsed(line.toString(), lineNumber, Thread.currentThread().getName());
    }

    @Test
    void everyLineReachesTheStepsOnceInOrderParsedOnAnotherThread() throws IOException {
        int n = 3 * ParsedLines.BLOCK_LINES + 17;
        List<Parsed> seen = new ArrayList<>();
        ImportReport report = LineLoop.run(numbered(n), "numbered", true, "bad line", LineLoopTest::parse, (p, lineNumber) -> {
            assertEquals(lineNumber, p.lineNumber());
            seen.add(p);
            return lineNumber % 3 == 0 ? LineLoop.NOT_OURS : LineLoop.USED;
        }).build();
        assertEquals(n, seen.size());
        for (int i = 0; i < n; i++) assertEquals("line " + (i + 1), seen.get(i).text());
        assertTrue(seen.stream().allMatch(p -> p.thread().startsWith("parse numbered #")), seen.getFirst().thread());
        assertEquals(n, report.lines());
        assertEquals(n / 3, report.skippedLines());
    }

    @Test
    void aReadFailureEndsTheImportAfterTheLinesBeforeIt() {
        int n = 2 * ParsedLines.BLOCK_LINES + 5;
        InputStream failing = new SequenceInputStream(numbered(n), new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("the disk went away");
            }
        });
        List<Long> applied = new ArrayList<>();
        IOException e = assertThrows(IOException.class, () -> LineLoop.run(failing, "failing", false, "bad line",
                LineLoopTest::parse, (p, lineNumber) -> {
                    applied.add(lineNumber);
                    return LineLoop.USED;
                }));
        assertEquals("the disk went away", e.getMessage());
        assertEquals(n, applied.size(), "every complete line before the failure was applied");
    }

    @Test
    void aParserFailureIsThrownWhereItsLineWouldBe() {
        List<Long> applied = new ArrayList<>();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> LineLoop.run(numbered(10_000), "bug",
                false, "bad line", (line, lineNumber) -> {
                    if (lineNumber == 5_000) throw new IllegalStateException("parser bug at 5000");
                    return lineNumber;
                }, (p, lineNumber) -> {
                    applied.add(lineNumber);
                    return LineLoop.USED;
                }));
        assertEquals("parser bug at 5000", e.getMessage());
        assertEquals(4_999, applied.size(), "the lines before the failing one were applied");
    }

    @Test
    void aStrictStopAlsoStopsTheParser() throws InterruptedException {
        ImportException e = assertThrows(ImportException.class, () -> LineLoop.run(numbered(200_000), "strict",
                true, "bad line", LineLoopTest::parse, (p, lineNumber) ->
                        lineNumber == 10 ? new LineLoop.Malformed("not a line we know") : LineLoop.USED));
        assertEquals("bad line at strict:10: not a line we know", e.getMessage());
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (!t.getName().matches("(read|parse) strict.*")) continue;
            t.join(TimeUnit.SECONDS.toMillis(10));
            assertFalse(t.isAlive(), t.getName() + " stopped when the import did");
        }
    }
}
