package vgtrace.core.virtq;

/** A split ring whose size or addresses the spec forbids, or whose areas lie outside guest memory. */
public final class RingLayoutException extends Exception {

    RingLayoutException(String message) {
        super(message, null, false, false);
    }
}
