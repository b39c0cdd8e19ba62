package vgtrace.capture;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;

/**
 * A log's lines read and parsed ahead of the caller, handed over in order in blocks: one thread cuts
 * the log into blocks of lines, a pool parses blocks side by side, and the caller takes them in line
 * order. Reading and parsing are most of an import's work; this way they, the caller's ordered steps
 * and the trace writer's compression share every core (a 2-core machine imported a 10M-line log at
 * 0.7-0.8M lines/s on one thread). The parser keeps nothing of a line and may run on several threads
 * at once.
 */
final class ParsedLines<T> implements AutoCloseable {

    /** Lines per block: large enough that handing a block over costs nothing per line. */
    static final int BLOCK_LINES = 4096;
    /** Blocks read ahead of the caller at most: bounds the memory, whatever the log's size. */
    private static final int AHEAD = 16;
    /** The result of a line cut at {@link LineSource#DEFAULT_MAX_LINE}, which is not parsed. */
    static final Object CUT = new Object();

    /**
     * Results of lines {@code firstLine, firstLine + 1, ...} (1-based), {@link #CUT} for a cut line.
     * {@code failure} (with the lines before it) ends the log, as {@code last} does; the last block of
     * a complete log may be empty.
     */
    record Block(long firstLine, Object[] results, int size, Throwable failure, boolean last) {
    }

    /** A block's lines as read: their bytes copied out of the reader's buffer. */
    private static final class RawLines {
        final long firstLine;
        byte[] bytes;
        final int[] ends = new int[BLOCK_LINES];
        final boolean[] cut = new boolean[BLOCK_LINES];
        int count;

        /** @param capacity bytes to start with: the previous block's, so a log's blocks rarely grow */
        RawLines(long firstLine, int capacity) {
            this.firstLine = firstLine;
            this.bytes = new byte[capacity];
        }

        void add(AsciiLine line, boolean wasCut) {
            int start = count == 0 ? 0 : ends[count - 1];
            if (start + line.length() > bytes.length) bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, start + line.length()));
            line.copyTo(bytes, start);
            ends[count] = start + line.length();
            cut[count++] = wasCut;
        }
    }

    private final BlockingQueue<Future<Block>> blocks = new ArrayBlockingQueue<>(AHEAD);
    private final ExecutorService parsers;
    private final Thread reader;

    private ParsedLines(InputStream log, String inputName, LineLoop.Parser<T> parse) {
        int threads = Math.clamp(Runtime.getRuntime().availableProcessors(), 1, 4);
        parsers = Executors.newFixedThreadPool(threads, Thread.ofPlatform().daemon().name("parse " + inputName + " #", 1).factory());
        reader = Thread.ofPlatform().daemon().name("read " + inputName).start(() -> read(log, parse));
    }

    static <T> ParsedLines<T> start(InputStream log, String inputName, LineLoop.Parser<T> parse) {
        return new ParsedLines<>(log, inputName, parse);
    }

    /** The next block in line order; none may be asked for after the last. */
    Block next() throws IOException {
        try {
            return blocks.take().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while reading the log");
        } catch (ExecutionException e) {
            throw new IllegalStateException("parsing a block failed", e.getCause()); // parse() catches what the parser throws
        }
    }

    private void read(InputStream log, LineLoop.Parser<T> parse) {
        LineSource lines = new LineSource(log);
        RawLines raw = new RawLines(1, 1 << 14);
        Throwable failure = null;
        try {
            try {
                for (AsciiLine line; (line = lines.next()) != null; ) {
                    raw.add(line, lines.lastLineWasCut());
                    if (raw.count == BLOCK_LINES) {
                        submit(raw, parse, false);
                        raw = new RawLines(lines.lineNumber() + 1, raw.bytes.length);
                    }
                }
            } catch (IOException | RuntimeException | Error e) {
                failure = e; // the caller gets it after the lines read before it, as without these threads
            }
            submit(raw, parse, failure == null);
            if (failure != null) {
                blocks.put(CompletableFuture.completedFuture(new Block(lines.lineNumber() + 1, new Object[0], 0, failure, true)));
            }
        } catch (InterruptedException | RejectedExecutionException stopped) {
            // the caller stopped reading (close): nobody takes another block
        }
    }

    private void submit(RawLines raw, LineLoop.Parser<T> parse, boolean last) throws InterruptedException {
        blocks.put(parsers.submit(() -> parse(raw, parse, last)));
    }

    /** Parses a block; a parser failure ends the block (and the log) at its line. */
    private static <T> Block parse(RawLines raw, LineLoop.Parser<T> parse, boolean last) {
        AsciiLine line = new AsciiLine();
        Object[] results = new Object[raw.count];
        for (int k = 0; k < raw.count; k++) {
            if (raw.cut[k]) {
                results[k] = CUT;
                continue;
            }
            line.set(raw.bytes, k == 0 ? 0 : raw.ends[k - 1], raw.ends[k]);
            try {
                results[k] = parse.parse(line, raw.firstLine + k);
            } catch (RuntimeException | Error e) {
                return new Block(raw.firstLine, results, k, e, true);
            }
        }
        return new Block(raw.firstLine, results, raw.count, null, last);
    }

    /** Stops reading and parsing if the caller leaves early (a strict import's first bad line, a full disk). */
    @Override
    public void close() {
        reader.interrupt();
        parsers.shutdownNow();
    }
}
