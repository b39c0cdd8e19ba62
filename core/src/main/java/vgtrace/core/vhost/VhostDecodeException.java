package vgtrace.core.vhost;

/**
 * Bytes that are not the message their header names: a payload of the wrong size, a count that asks
 * for more than there is, or too few descriptors. One line, naming the request.
 */
public final class VhostDecodeException extends Exception {

    public VhostDecodeException(String detail) {
        super(detail, null, false, false);
    }
}
