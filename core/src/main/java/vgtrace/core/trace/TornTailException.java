package vgtrace.core.trace;

import java.io.IOException;

/** The stream ends before its end-of-stream marker: the writer died or is still writing. Internal signal. */
final class TornTailException extends IOException {

    TornTailException(String message) {
        super(message);
    }
}
