package vgtrace.core.trace;

import vgtrace.core.protocol.DecodeException;
import vgtrace.core.protocol.GpuCodec;
import vgtrace.core.protocol.GpuMessage;

/**
 * Rows for decoded messages: the header, the decoded columns and the exact wire bytes. A recorder
 * (the capture proxy, the shim) passes the bytes it was given, since the codec ignores bytes past a
 * complete message; a source that builds its messages (the generator, the replayer) has them encoded.
 */
public final class MessageRows {
    private MessageRows() {
    }

    /** A command built whole: its payload is its encoding. */
    public static TraceEvent command(long seq, long tsNs, int queue, GpuMessage m) {
        return command(seq, tsNs, queue, m, GpuCodec.encode(m));
    }

    /** A command decoded from {@code wire}: its payload is {@code wire}, exactly as it came. */
    public static TraceEvent command(long seq, long tsNs, int queue, GpuMessage m, byte[] wire) {
        return TraceEvent.command(seq, tsNs, queue, m.header(), MessageFieldMapper.of(m), wire);
    }

    /** A response built whole: its payload is its encoding. */
    public static TraceEvent response(long seq, long tsNs, int queue, long commandSeq, GpuMessage m, Pairing how) {
        return response(seq, tsNs, queue, commandSeq, m, GpuCodec.encode(m), how);
    }

    /** A response decoded from {@code wire}: its payload is {@code wire}, exactly as it came. */
    public static TraceEvent response(long seq, long tsNs, int queue, long commandSeq, GpuMessage m, byte[] wire,
                                      Pairing how) {
        return TraceEvent.response(seq, tsNs, queue, commandSeq, m.header(), MessageFieldMapper.of(m), wire, how);
    }

    /**
     * The row of bytes the codec refused: with a whole header, a row of {@code kind} (COMMAND or
     * RESPONSE) with that header, the bytes in {@code payload} and the error in {@code text}; shorter
     * bytes become a NOTE that says so.
     */
    public static TraceEvent refused(long seq, long tsNs, EventKind kind, int queue, long commandSeq, byte[] wire,
                                     DecodeException e) {
        if (e.header().isEmpty()) {
            return TraceEvent.note(seq, tsNs, "queue %d: %s of %d bytes does not decode: %s"
                    .formatted(queue, kind.name().toLowerCase(), wire.length, e.getMessage()));
        }
        return TraceEvent.builder(seq, tsNs, kind).queue(queue).pairSeq(commandSeq).header(e.header().get()).payload(wire)
                .text(e.getMessage()).pairing(kind == EventKind.RESPONSE ? Pairing.CAPTURE : null).build();
    }
}
