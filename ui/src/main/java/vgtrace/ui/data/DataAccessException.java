package vgtrace.ui.data;

/** A query over the open trace failed; the message is one line, fit for a status bar. */
public final class DataAccessException extends RuntimeException {

    public DataAccessException(String message, Throwable cause) {
        super(message, cause);
    }
}
