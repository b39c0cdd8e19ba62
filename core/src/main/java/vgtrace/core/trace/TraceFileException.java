package vgtrace.core.trace;

import java.io.IOException;
import java.nio.file.Path;
import java.util.regex.Pattern;

/** A trace file that cannot be read, with why in one line; {@link #kind()} says which case it is. */
public final class TraceFileException extends IOException {

    /** Why a file is not a readable trace. */
    public enum Kind {
        /** No such file. */
        NOT_FOUND,
        /** The file exists but the system refused to read it (permissions, a directory, an I/O error). */
        UNREADABLE,
        /** Zero bytes long. */
        EMPTY,
        /** Not an Arrow IPC stream. */
        NOT_ARROW,
        /** An Arrow stream without vgtrace's schema metadata. */
        NOT_A_TRACE,
        /** Written by a newer vgtrace whose format this one does not know. */
        NEWER_VERSION,
        /** A trace whose content breaks the format (a torn tail is not corruption: see {@link Truncation}). */
        CORRUPT
    }

    private final Kind kind;

    public TraceFileException(Kind kind, String message) {
        super(printable(message));
        this.kind = kind;
    }

    public TraceFileException(Kind kind, String message, Throwable cause) {
        super(printable(message), cause);
        this.kind = kind;
    }

    /** The message with control characters (a damaged file's names may hold newlines) as escapes: one line. */
    private static String printable(String message) {
        if (message == null || message.chars().noneMatch(Character::isISOControl)) return message;
        StringBuilder b = new StringBuilder(message.length() + 8);
        message.chars().forEach(c -> b.append(Character.isISOControl(c) ? "\\u%04x".formatted(c) : String.valueOf((char) c)));
        return b.toString();
    }

    static TraceFileException corrupt(Path file, String what) {
        return new TraceFileException(Kind.CORRUPT, file + ": corrupt trace: " + what);
    }

    static TraceFileException corrupt(Path file, String what, Throwable cause) {
        return new TraceFileException(Kind.CORRUPT, file + ": corrupt trace: " + what + oneLine(cause), cause);
    }

    /** A Java exception's name, qualified or not, as it prefixes a wrapped cause's message ({@code java.io.EOFException: }). */
    private static final Pattern EXCEPTION_NAME = Pattern.compile("\\b(?:[a-z_$][\\w$]*\\.)*[A-Z][\\w$]*(?:Exception|Error)\\b:?\\s*");

    /**
     * The cause's message reduced to one line without Java exception names (users read it), as a
     * suffix; empty when nothing is left.
     */
    static String oneLine(Throwable cause) {
        String m = cause.getMessage();
        String text = m == null ? "" : EXCEPTION_NAME.matcher(m.lines().findFirst().orElse("")).replaceAll("").strip();
        return text.isEmpty() ? "" : " (" + text + ")";
    }

    public Kind kind() {
        return kind;
    }
}
