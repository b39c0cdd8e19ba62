package vgtrace.core.trace;

/** What a trace row records. Stored by name in the {@code kind} column. */
public enum EventKind {
    /** A command the driver placed on a virtqueue. */
    COMMAND,
    /** The device's response to a command ({@code pair_seq} names the command). */
    RESPONSE,
    /** Guest memory the device read for a command (backing pages at a transfer, cursor data). */
    MEMORY,
    /** Something the backend showed: a scanout change or an update, with a frame hash. */
    DISPLAY,
    /** A remark of the capture itself: lost events, decode errors, a backend that died. */
    NOTE,
    /** A capture fact learned after the file was opened ({@code text} = {@code key=value}). */
    METADATA
}
