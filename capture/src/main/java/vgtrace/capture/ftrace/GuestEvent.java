package vgtrace.capture.ftrace;

import java.util.List;

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
     * The keys under which a stock line and its probe line describe the same message: the seqno
     * when the line has one, and always the header (a kprobe-form probe cannot read the seqno).
     */
    List<Object> mergeKeys() {
        Object header = new HeaderKey(direction, vq, type, flags, fenceId, ctxId);
        return seqno != null ? List.of(new SeqKey(direction, vq, seqno), header) : List.of(header);
    }

    /** Combines a stock event with the probe event of the same message. */
    GuestEvent mergedWith(GuestEvent other) {
        GuestEvent s = stock ? this : other;
        GuestEvent p = stock ? other : this;
        return new GuestEvent(Math.min(line, other.line), Math.min(tsNs, other.tsNs), direction, s.vdev, vq, s.type,
                s.flags, s.fenceId, s.ctxId, p.ringIdx, s.numFree, s.seqno != null ? s.seqno : p.seqno, true, true);
    }

    private record SeqKey(Direction d, int vq, long seqno) { }

    private record HeaderKey(Direction d, int vq, int type, int flags, long fenceId, int ctxId) { }
}
