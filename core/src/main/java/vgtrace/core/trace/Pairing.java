package vgtrace.core.trace;

/** How a response row was matched to its command; stored by name in the {@code pairing} column. */
public enum Pairing {
    /** Seen on the virtqueue itself: the used ring names the descriptor chain. Exact. */
    CAPTURE,
    /** By the guest tracepoints' per-queue {@code seqno} (Linux 6.3 and later). Exact. */
    SEQNO,
    /** A fenced command matched by {@code fence_id}. */
    FENCE,
    /** An unfenced command matched by queue order (older guests): a best effort. */
    ORDER,
    /** No response was seen for the command. */
    NONE
}
