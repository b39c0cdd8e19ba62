package vgtrace.replay;

import vgtrace.core.protocol.Rect;
import vgtrace.core.trace.ContentHash;

import java.util.Objects;

/** Something a command produced besides its response, verified by content hash. */
public sealed interface Output {

    byte[] bytes();

    default long hash() {
        return ContentHash.of(bytes());
    }

    /**
     * What {@code TRANSFER_FROM_HOST_3D} wrote into the guest: the resource's whole backing after the
     * transfer, starting at guest address {@code addr} (its first mem entry).
     */
    record ReadBack(int resourceId, long addr, byte[] bytes) implements Output {
        public ReadBack {
            Objects.requireNonNull(bytes, "bytes");
        }
    }

    /**
     * What a flush updated on a scanout: the flushed rectangle of its resource clipped to the scanout's
     * (possibly empty), rows packed at {@code 4 * rect.width} bytes in the resource's own format
     * (B8G8R8A8 for a typical console).
     */
    record Frame(int scanoutId, int resourceId, Rect rect, byte[] bytes) implements Output {
        public Frame {
            Objects.requireNonNull(rect, "rect");
            Objects.requireNonNull(bytes, "bytes");
        }
    }
}
