package vgtrace.cli;

/** The user's input cannot be used; the message says what is wrong and what to do. */
final class UserInputException extends RuntimeException {
    private final int exitCode;

    UserInputException(String message) {
        this(ExitCode.BAD_INPUT, message);
    }

    UserInputException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    int exitCode() {
        return exitCode;
    }
}
