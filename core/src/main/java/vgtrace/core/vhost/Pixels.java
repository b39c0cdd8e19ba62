package vgtrace.core.vhost;

import java.util.Arrays;
import java.util.Objects;

/**
 * The pixel bytes of a display message: a read-only view of {@code length} bytes of {@code frame}
 * from {@code offset}. Decoding shares the received frame instead of copying it: an UPDATE can be a
 * whole scanout (256 KiB at 256x256, 8 MiB at 1080p), and the capture proxy only hashes it.
 */
public record Pixels(byte[] frame, int offset, int length) {

    public Pixels {
        Objects.checkFromIndexSize(offset, length, frame.length);
    }

    /** All of {@code bytes}. */
    public static Pixels of(byte[] bytes) {
        return new Pixels(bytes, 0, bytes.length);
    }

    /** A copy of the bytes. */
    public byte[] toArray() {
        return Arrays.copyOfRange(frame, offset, offset + length);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Pixels p
                && Arrays.equals(frame, offset, offset + length, p.frame, p.offset, p.offset + p.length);
    }

    @Override
    public int hashCode() {
        int h = 1;
        for (int i = offset; i < offset + length; i++) h = 31 * h + frame[i];
        return h;
    }

    @Override
    public String toString() {
        return "Pixels[" + length + " bytes]";
    }
}
