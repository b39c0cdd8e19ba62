package vgtrace.capture;

import java.io.IOException;
import java.io.InputStream;

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
    private final AsciiLine line = new AsciiLine();

    public LineSource(InputStream in) {
        this(in, DEFAULT_MAX_LINE);
    }

    public LineSource(InputStream in, int maxLineBytes) {
        this.in = in;
        this.maxLineBytes = maxLineBytes;
        if (buf.length < maxLineBytes + 1) buf = new byte[maxLineBytes + 1];
    }

    /**
     * The next line without its terminator, or {@code null} at the end of input; the same view each
     * time, valid until the next call.
     */
    public AsciiLine next() throws IOException {
        lastCut = false;
        int scanned = 0; // bytes after pos already known to hold no newline
        while (true) {
            int i = ByteSearch.indexOf(buf, (byte) '\n', pos + scanned, limit);
            if (i >= 0) {
                text(pos, i);
                pos = i + 1;
                lineNo++;
                return line;
            }
            scanned = limit - pos;
            if (scanned >= maxLineBytes) {
                text(pos, pos + maxLineBytes);
                lastCut = true;
                lineNo++;
                skipRestOfLine();
                return line;
            }
            if (eof) {
                if (scanned == 0) return null;
                text(pos, limit);
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

    private void text(int from, int to) {
        line.set(buf, from, to > from && buf[to - 1] == '\r' ? to - 1 : to);
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
            int i = ByteSearch.indexOf(buf, (byte) '\n', pos, limit);
            if (i >= 0) {
                pos = i + 1;
                return;
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
