package vgtrace.capture.shim;

import java.io.IOException;

/** The shim's record stream broke its format; the message is one line and names what was wrong. */
public final class ShimProtocolException extends IOException {
    public ShimProtocolException(String message) {
        super(message);
    }
}
