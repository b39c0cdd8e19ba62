package vgtrace.analyzer;

import vgtrace.core.protocol.CtrlHeader;
import vgtrace.core.protocol.CtrlType;
import vgtrace.core.trace.GuestRange;
import vgtrace.core.trace.MessageFields;
import vgtrace.core.trace.Pairing;
import vgtrace.core.trace.TraceEvent;
import vgtrace.core.trace.TraceMetadata;
import vgtrace.core.trace.TraceWriter;
import vgtrace.core.trace.WriterOptions;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Hand-built traces for tests: commands and responses at chosen times, written with TraceWriter. */
final class TraceBuilder {

    static final int FENCE = 1;
    static final int FENCE_RING = 3;

    private final List<TraceEvent> rows = new ArrayList<>();

    /** A command on the control queue; returns its seq. */
    long command(long ts, CtrlType type, int flags, long fence, int ctx, int ring, MessageFields fields) {
        return command(ts, 0, new CtrlHeader(type.code(), flags, fence, ctx, ring, 0), fields);
    }

    long command(long ts, CtrlType type, int ctx, MessageFields fields) {
        return command(ts, type, 0, 0, ctx, 0, fields);
    }

    long command(long ts, int queue, CtrlHeader header, MessageFields fields) {
        long seq = rows.size();
        rows.add(TraceEvent.command(seq, ts, queue, header, fields, null));
        return seq;
    }

    /** A response to {@code commandSeq}, echoing its fence, context and ring. */
    long response(long ts, long commandSeq, CtrlType type, MessageFields fields) {
        CtrlHeader c = rows.get((int) commandSeq).header();
        long seq = rows.size();
        CtrlHeader h = new CtrlHeader(type.code(), c.flags(), c.fenceId(), c.ctxId(), c.ringIdx(), 0);
        rows.add(TraceEvent.response(seq, ts, rows.get((int) commandSeq).queue(), commandSeq, h, fields, null,
                Pairing.CAPTURE));
        return seq;
    }

    /** A response that names {@code pairSeq}, whatever row that is (a hostile or broken source). */
    long responseNaming(long ts, long pairSeq, CtrlType type) {
        long seq = rows.size();
        rows.add(TraceEvent.response(seq, ts, 0, pairSeq, CtrlHeader.of(type), MessageFields.NONE, null, Pairing.CAPTURE));
        return seq;
    }

    /** A response the source could not pair with any command. */
    long unpairedResponse(long ts, CtrlType type) {
        long seq = rows.size();
        rows.add(TraceEvent.response(seq, ts, 0, TraceEvent.NO_SEQ, CtrlHeader.of(type), MessageFields.NONE, null,
                Pairing.NONE));
        return seq;
    }

    long ok(long ts, long commandSeq) {
        return response(ts, commandSeq, CtrlType.RESP_OK_NODATA, MessageFields.NONE);
    }

    /** A MEMORY row of {@code bytes} bytes read for {@code commandSeq}. */
    void memory(long ts, long commandSeq, int resourceId, int bytes) {
        byte[] content = new byte[bytes];
        content[0] = (byte) rows.size();
        rows.add(TraceEvent.memory(rows.size(), ts, commandSeq, resourceId, List.of(new GuestRange(0x1000, content.length)), content,
                rows.size(), true));
    }

    Path write(Path file) throws IOException {
        return write(file, WriterOptions.DEFAULTS);
    }

    Path write(Path file, WriterOptions options) throws IOException {
        try (TraceWriter w = TraceWriter.create(file, TraceMetadata.of("test"), options)) {
            for (TraceEvent e : rows) w.append(e);
        }
        return file;
    }

    static MessageFields resource(int id) {
        return MessageFields.builder().resourceId(id).build();
    }
}
