package vgtrace.core.virtq;

/**
 * A guest-memory access that does not lie wholly inside one region, or a write to a read-only one.
 * Expected with hostile guests, so it carries no stack trace: the one-line message says it all.
 */
public final class GuestMemoryException extends Exception {

    GuestMemoryException(String message) {
        super(message, null, false, false);
    }

    static GuestMemoryException outside(long gpa, long len) {
        return new GuestMemoryException(
                "guest access [0x%x, +%d) is not inside one memory region".formatted(gpa, len));
    }
}
