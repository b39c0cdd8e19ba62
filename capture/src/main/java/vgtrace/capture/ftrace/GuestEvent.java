package vgtrace.capture.ftrace;

/**
 * One virtio-gpu event as the guest traced it: a stock {@code virtio_gpu_cmd_queue/response}
 * tracepoint, a vgtrace header probe on it (which adds the exact ring index), or both merged.
 *
 * @param line     the input line number (1-based) of the first line this event came from
 * @param vdev     the device index; {@code -1} when the line did not say (probe lines)
 * @param ringIdx  the header's ring_idx byte when a probe recorded it, else {@code null}
 * @param numFree  free descriptors (Linux 6.3+ stock events), else {@code null}
 * @param seqno    the driver's per-queue sequence number (Linux 6.3+), else {@code null}
 * @param stock    a stock tracepoint line contributed to this event
 * @param probe    a header probe line contributed to this event
 */
record GuestEvent(long line, long tsNs, Direction direction, int vdev, int vq, int type, int flags, long fenceId,
                  int ctxId, Integer ringIdx, Integer numFree, Long seqno, boolean stock, boolean probe) {

    enum Direction { QUEUE, RESPONSE }

    /**
     * Whether a stock line and a probe line describe the same message: same direction and queue,
     * and the same seqno when both have one, else the same header (a kprobe-form probe reads no seqno).
     */
    boolean sameMessage(GuestEvent o) {
        if (direction != o.direction || vq != o.vq) return false;
        if (seqno != null && o.seqno != null) return seqno.equals(o.seqno);
        return type == o.type && flags == o.flags && fenceId == o.fenceId && ctxId == o.ctxId;
    }

    /** Combines a stock event with the probe event of the same message. */
    GuestEvent mergedWith(GuestEvent other) {
        GuestEvent s = stock ? this : other;
        GuestEvent p = stock ? other : this;
        return new GuestEvent(Math.min(line, other.line), Math.min(tsNs, other.tsNs), direction, s.vdev, vq, s.type,
                s.flags, s.fenceId, s.ctxId, p.ringIdx, s.numFree, s.seqno != null ? s.seqno : p.seqno, true, true);
    }
}
