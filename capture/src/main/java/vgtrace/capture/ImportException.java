package vgtrace.capture;

import java.io.IOException;

/** Input an importer cannot use; the message is one line naming the input and what to do. */
public final class ImportException extends IOException {
    public ImportException(String message) {
        super(message);
    }
}
