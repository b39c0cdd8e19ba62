package vgtrace.capture.ftrace;

import vgtrace.core.protocol.CtrlHeader;
import vgtrace.core.trace.Pairing;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * Matches guest responses to the commands they answer: by the per-queue {@code seqno} when the
 * kernel traces it (Linux 6.3+, exact); otherwise a fenced response by its {@code fence_id}
 * (unique device-wide, as the Linux driver numbers fences) and an unfenced one by queue order.
 */
final class ResponsePairer {

    /** A command's row and how a response found it. */
    record Match(long commandSeq, Pairing pairing) { }

    private record QueueSeqno(int vdev, int vq, long seqno) { }

    private record DeviceFence(int vdev, long fenceId) { }

    private record DeviceQueue(int vdev, int vq) { }

    private final Map<QueueSeqno, Long> bySeqno = new HashMap<>();
    private final Map<DeviceFence, Long> byFence = new HashMap<>();
    private final Map<DeviceQueue, ArrayDeque<Long>> unfencedInOrder = new HashMap<>();

    /** Remembers a command row so that its response can find it. */
    void command(GuestEvent e, long rowSeq) {
        if (e.seqno() != null) {
            bySeqno.put(new QueueSeqno(e.vdev(), e.vq(), e.seqno()), rowSeq);
        } else if ((e.flags() & CtrlHeader.FLAG_FENCE) != 0) {
            byFence.put(new DeviceFence(e.vdev(), e.fenceId()), rowSeq);
        } else {
            unfencedInOrder.computeIfAbsent(new DeviceQueue(e.vdev(), e.vq()), k -> new ArrayDeque<>()).addLast(rowSeq);
        }
    }

    /** The command a response answers, or {@code null} when none is waiting for it. */
    Match response(GuestEvent e) {
        if (e.seqno() != null) {
            Long cmd = bySeqno.remove(new QueueSeqno(e.vdev(), e.vq(), e.seqno()));
            return cmd == null ? null : new Match(cmd, Pairing.SEQNO);
        }
        if ((e.flags() & CtrlHeader.FLAG_FENCE) != 0) {
            Long cmd = byFence.remove(new DeviceFence(e.vdev(), e.fenceId()));
            if (cmd != null) return new Match(cmd, Pairing.FENCE);
        }
        ArrayDeque<Long> queue = unfencedInOrder.get(new DeviceQueue(e.vdev(), e.vq()));
        Long cmd = queue == null ? null : queue.pollFirst();
        return cmd == null ? null : new Match(cmd, Pairing.ORDER);
    }

    /** Commands no response answered. */
    long unanswered() {
        return bySeqno.size() + byFence.size() + unfencedInOrder.values().stream().mapToLong(ArrayDeque::size).sum();
    }
}
