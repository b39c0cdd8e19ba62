package vgtrace.replay;

/** The backend itself failed (died, broke its protocol), as opposed to answering a command with an error. */
public final class BackendFailure extends RuntimeException {

    public BackendFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
