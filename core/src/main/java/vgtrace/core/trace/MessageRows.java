package vgtrace.core.trace;

import vgtrace.core.protocol.GpuCodec;
import vgtrace.core.protocol.GpuMessage;

/**
 * Rows for messages a source holds whole (the capture proxy, the generator, the replayer): the
 * header, the decoded columns and the exact wire bytes, all from one message.
 */
public final class MessageRows {
    private MessageRows() {
    }

    public static TraceEvent command(long seq, long tsNs, int queue, GpuMessage m) {
        return TraceEvent.command(seq, tsNs, queue, m.header(), MessageFieldMapper.of(m), GpuCodec.encode(m));
    }

    public static TraceEvent response(long seq, long tsNs, int queue, long commandSeq, GpuMessage m, Pairing how) {
        return TraceEvent.response(seq, tsNs, queue, commandSeq, m.header(), MessageFieldMapper.of(m),
                GpuCodec.encode(m), how);
    }
}
