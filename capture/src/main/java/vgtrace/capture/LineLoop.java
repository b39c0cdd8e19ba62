package vgtrace.capture;

import java.io.IOException;
import java.io.InputStream;

/**
 * The one line loop of the importers: reads bounded lines ({@link LineSource}), has the importer
 * parse each (ahead, on other threads) and take each parsed line in order, and counts what became
 * of it. A line cut at the length limit is malformed without being handed over.
 */
public final class LineLoop {

    /** What an importer made of one line. */
    public sealed interface Outcome permits Used, NotOurs, Malformed { }

    /** The line gave rows, or state for rows to come. */
    public record Used() implements Outcome { }

    /** Not a line of the importer's events: counted as skipped. */
    public record NotOurs() implements Outcome { }

    /** One of its events, but unreadable: {@code reason} says why. */
    public record Malformed(String reason) implements Outcome { }

    public static final Outcome USED = new Used(), NOT_OURS = new NotOurs();

    /**
     * The part of a line's handling that depends on the line alone: it runs ahead of the steps on
     * other threads, several at once ({@link ParsedLines}), and keeps nothing of {@code line}, a view
     * valid during the call only. May return null.
     */
    @FunctionalInterface
    public interface Parser<T> {
        T parse(AsciiLine line, long lineNumber);
    }

    /** The rest, in line order on the caller's thread: what the importer makes of a parsed line. */
    @FunctionalInterface
    public interface Step<T> {
        Outcome apply(T parsed, long lineNumber) throws IOException;
    }

    private LineLoop() {
    }

    /**
     * Parses every line of {@code log} and applies {@code step} to each result in order; returns a
     * report with its line counts filled in, for the importer to add its rows and pairing figures to.
     *
     * @throws ImportException at the first malformed line when {@code strict}
     */
    public static <T> ImportReport.Builder run(InputStream log, String inputName, boolean strict, String malformedWhat,
                                               Parser<T> parse, Step<T> step) throws IOException {
        MalformedLines malformed = new MalformedLines(strict, malformedWhat);
        long skipped = 0;
        long lines;
        try (ParsedLines<T> parsed = ParsedLines.start(log, inputName, parse)) {
            ParsedLines.Block block;
            do {
                block = parsed.next();
                for (int k = 0; k < block.size(); k++) {
                    long lineNumber = block.firstLine() + k;
                    Object result = block.results()[k];
                    @SuppressWarnings("unchecked") // the parser's result, or the marker of a cut line
                    Outcome o = result == ParsedLines.CUT
                            ? new Malformed("line longer than " + LineSource.DEFAULT_MAX_LINE + " bytes")
                            : step.apply((T) result, lineNumber);
                    switch (o) {
                        case Used _ -> { }
                        case NotOurs _ -> skipped++;
                        case Malformed m -> malformed.add(inputName + ":" + lineNumber + ": " + m.reason());
                    }
                }
                rethrow(block.failure());
            } while (!block.last());
            lines = block.firstLine() + block.size() - 1;
        }
        return ImportReport.builder().lines(lines).skippedLines(skipped)
                .malformedLines(malformed.count()).malformedExamples(malformed.examples());
    }

    /** A failure of the parsing thread, thrown on the caller's as it was thrown there. */
    private static void rethrow(Throwable failure) throws IOException {
        switch (failure) {
            case null -> { }
            case IOException e -> throw e;
            case RuntimeException e -> throw e;
            case Error e -> throw e;
            default -> throw new IllegalStateException(failure);
        }
    }
}
