package vgtrace.capture;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Reads text lines from an untrusted log with bounded memory: a line longer than
 * {@code maxLineBytes} (a binary file, a corrupt log) is cut there and flagged, never buffered
 * whole. Bytes map one-to-one to chars (ISO-8859-1), so no input fails to decode.
 */
public final class LineSource implements AutoCloseable {

    public static final int DEFAULT_MAX_LINE = 64 * 1024;

    private final InputStream in;
    private final int maxLineBytes;
    private byte[] buf = new byte[1 << 16];
    private int pos;
    private int limit;
    private boolean eof;
    private long lineNo;
    private boolean lastCut;

    public LineSource(InputStream in) {
        this(in, DEFAULT_MAX_LINE);
    }

    public LineSource(InputStream in, int maxLineBytes) {
        this.in = in;
        this.maxLineBytes = maxLineBytes;
        if (buf.length < maxLineBytes + 1) buf = new byte[maxLineBytes + 1];
    }

    /** The next line without its terminator, or {@code null} at the end of input. */
    public String next() throws IOException {
        lastCut = false;
        int scanned = 0; // bytes after pos already known to hold no newline
        while (true) {
            for (int i = pos + scanned; i < limit; i++) {
                if (buf[i] == '\n') {
                    String line = text(pos, i);
                    pos = i + 1;
                    lineNo++;
                    return line;
                }
            }
            scanned = limit - pos;
            if (scanned >= maxLineBytes) {
                String line = text(pos, pos + maxLineBytes);
                lastCut = true;
                lineNo++;
                skipRestOfLine();
                return line;
            }
            if (eof) {
                if (scanned == 0) return null;
                String line = text(pos, limit);
                pos = limit;
                lineNo++;
                return line;
            }
            fill();
        }
    }

    /** 1-based number of the line last returned. */
    public long lineNumber() {
        return lineNo;
    }

    /** Whether the line last returned was cut at the length limit. */
    public boolean lastLineWasCut() {
        return lastCut;
    }

    private String text(int from, int to) {
        int end = to > from && buf[to - 1] == '\r' ? to - 1 : to;
        return new String(buf, from, end - from, StandardCharsets.ISO_8859_1);
    }

    /** Moves unread bytes to the front and reads more; keeps {@code pos}-relative offsets valid. */
    private void fill() throws IOException {
        if (pos > 0) {
            System.arraycopy(buf, pos, buf, 0, limit - pos);
            limit -= pos;
            pos = 0;
        }
        int n = in.read(buf, limit, buf.length - limit);
        if (n < 0) eof = true;
        else limit += n;
    }

    private void skipRestOfLine() throws IOException {
        pos += maxLineBytes;
        while (true) {
            for (int i = pos; i < limit; i++) {
                if (buf[i] == '\n') {
                    pos = i + 1;
                    return;
                }
            }
            pos = limit;
            if (eof) return;
            fill();
        }
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
