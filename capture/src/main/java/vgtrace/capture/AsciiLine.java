package vgtrace.capture;

import java.nio.charset.StandardCharsets;

/**
 * One line of a log as {@link LineSource} read it: a view of its buffer, one char per byte
 * (ISO-8859-1), valid until the next line is read. Parsers read it in place, so that a line becomes
 * no String unless a parser keeps part of it ({@link #substring}, {@link #toString}).
 */
public final class AsciiLine implements CharSequence {

    private byte[] bytes;
    private int from;
    private int length;

    AsciiLine() {
    }

    /** A line holding {@code text}'s chars (each below 256), for tests and callers with a String. */
    public static AsciiLine of(String text) {
        AsciiLine line = new AsciiLine();
        byte[] b = text.getBytes(StandardCharsets.ISO_8859_1);
        line.set(b, 0, b.length);
        return line;
    }

    void set(byte[] buffer, int start, int end) {
        bytes = buffer;
        from = start;
        length = end - start;
    }

    /** Copies the line's bytes to {@code dst} at {@code at}. */
    void copyTo(byte[] dst, int at) {
        System.arraycopy(bytes, from, dst, at, length);
    }

    @Override
    public int length() {
        return length;
    }

    @Override
    public boolean isEmpty() {
        return length == 0;
    }

    @Override
    public char charAt(int index) {
        if (index < 0 || index >= length) throw new StringIndexOutOfBoundsException(index);
        return (char) (bytes[from + index] & 0xff);
    }

    /** Whether {@code s} (ASCII) occurs at {@code at}. */
    public boolean startsWith(String s, int at) {
        if (at < 0 || at > length - s.length()) return false;
        for (int k = 0; k < s.length(); k++) {
            if (bytes[from + at + k] != (byte) s.charAt(k)) return false;
        }
        return true;
    }

    /**
     * Bytes {@code [at, at + count)} ({@code count} at most 8) packed little-endian into a long, the
     * first byte lowest: a short word compared in one step.
     */
    public long word(int at, int count) {
        if (at < 0 || count < 0 || count > Long.BYTES || at > length - count) throw new StringIndexOutOfBoundsException(at + "+" + count);
        long w = 0;
        for (int k = count - 1; k >= 0; k--) w = (w << 8) | (bytes[from + at + k] & 0xffL);
        return w;
    }

    /** {@code s} (ASCII, at most 8 chars) packed as {@link #word} packs a line's bytes. */
    public static long word(String s) {
        if (s.length() > Long.BYTES) throw new IllegalArgumentException("longer than a word: " + s);
        long w = 0;
        for (int k = s.length() - 1; k >= 0; k--) w = (w << 8) | (s.charAt(k) & 0xff);
        return w;
    }

    /** Where {@code s} (ASCII, not empty) first occurs at or after {@code start}, or -1. */
    public int indexOf(String s, int start) {
        byte first = (byte) s.charAt(0);
        for (int i = Math.max(start, 0), last = length - s.length(); i <= last; i++) {
            if (bytes[from + i] == first && startsWith(s, i)) return i;
        }
        return -1;
    }

    public int indexOf(String s) {
        return indexOf(s, 0);
    }

    public boolean contains(String s) {
        return indexOf(s, 0) >= 0;
    }

    /** Where {@code c} first occurs at or after {@code start}, or -1. */
    public int indexOf(char c, int start) {
        return indexOf(c, start, length);
    }

    /** Where {@code c} first occurs in {@code [start, end)}, or -1. */
    public int indexOf(char c, int start, int end) {
        int at = ByteSearch.indexOf(bytes, (byte) c, from + Math.max(start, 0), from + Math.min(end, length));
        return at < 0 ? -1 : at - from;
    }

    public String substring(int start, int end) {
        if (start < 0 || end > length || start > end) throw new StringIndexOutOfBoundsException(start + ".." + end);
        return new String(bytes, from + start, end - start, StandardCharsets.ISO_8859_1);
    }

    @Override
    public CharSequence subSequence(int start, int end) {
        return substring(start, end);
    }

    @Override
    public String toString() {
        return new String(bytes, from, length, StandardCharsets.ISO_8859_1);
    }
}
