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
    METADATA,
    /**
     * The device signalled a fence: its header columns hold {@code ctx_id}, {@code fence_id} and the
     * ring ({@code ring_idx} with INFO_RING_IDX; none for a context-0 fence). Added in format 3.
     */
    FENCE;

    /** Rows of this kind carry a control header in the header columns. */
    public boolean hasHeader() {
        return this == COMMAND || this == RESPONSE || this == FENCE;
    }
}
