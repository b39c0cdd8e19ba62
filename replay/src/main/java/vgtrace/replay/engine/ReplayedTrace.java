package vgtrace.replay.engine;

import vgtrace.core.protocol.DecodeException;
import vgtrace.core.protocol.GpuCodec;
import vgtrace.core.protocol.GpuMessage;
import vgtrace.core.trace.EventKind;
import vgtrace.core.trace.MemoryDedup;
import vgtrace.core.trace.MessageFields;
import vgtrace.core.trace.MessageRows;
import vgtrace.core.trace.Pairing;
import vgtrace.core.trace.TraceEvent;
import vgtrace.core.trace.TraceSink;
import vgtrace.replay.Completion;
import vgtrace.core.trace.ContentHash;
import vgtrace.core.trace.GuestRange;
import vgtrace.replay.BlobWrite;
import vgtrace.replay.GuestWrite;
import vgtrace.replay.MemoryWrite;
import vgtrace.replay.Output;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes what a replay did as a trace: each command as issued (with the guest memory it read, and
 * the mapped blob content put in place for it, as MEMORY rows), each response as the backend returned it, each TRANSFER_FROM_HOST_3D read-back as
 * a MEMORY row of that command, and each frame as a DISPLAY row of its flush (content hash, scanout,
 * resource and rectangle; pixels only with {@code framePixels}). Rows get fresh seqs in the order
 * things happened, and replay-relative timestamps.
 */
public final class ReplayedTrace implements ReplayListener {

    private final TraceSink sink;
    private final boolean framePixels;
    private final MemoryDedup dedup = new MemoryDedup();
    private final Map<Long, Long> newSeqOf = new HashMap<>();
    private long seq;

    public ReplayedTrace(TraceSink sink, boolean framePixels) {
        this.sink = sink;
        this.framePixels = framePixels;
    }

    @Override
    public void issued(Step step, long tsNs) throws IOException {
        long commandSeq = seq++;
        newSeqOf.put(step.seq(), commandSeq);
        GpuMessage m = decode(step.wire());
        if (m != null) sink.append(MessageRows.command(commandSeq, tsNs, step.queue(), m));
        else sink.append(TraceEvent.note(commandSeq, tsNs, "undecodable command: " + step.text()));
        for (MemoryWrite w : step.memory()) sink.append(memoryRow(seq++, tsNs, commandSeq, w));
    }

    private TraceEvent memoryRow(long rowSeq, long tsNs, long commandSeq, MemoryWrite w) {
        return switch (w) {
            case GuestWrite g -> dedup.memoryRow(rowSeq, tsNs, commandSeq, g.resourceId(), g.addr(), g.bytes());
            case BlobWrite b -> {
                long hash = ContentHash.of(b.bytes());
                yield TraceEvent.blobMemory(rowSeq, tsNs, commandSeq, b.resourceId(), b.blobMem(),
                        List.of(new GuestRange(b.addr(), b.bytes().length)), b.bytes(), hash, dedup.storeBytes(hash));
            }
        };
    }

    @Override
    public void completed(Step step, Completion completion, long tsNs) throws IOException {
        long commandSeq = newSeqOf.remove(step.seq());
        GpuMessage r = completion.response() == null ? null : decode(completion.response());
        if (r != null) sink.append(MessageRows.response(seq++, tsNs, step.queue(), commandSeq, r, Pairing.CAPTURE));
        for (Output o : completion.outputs()) {
            switch (o) {
                case Output.ReadBack b -> sink.append(dedup.memoryRow(seq++, tsNs, commandSeq, b.resourceId(), b.addr(), b.bytes()));
                case Output.Frame f -> sink.append(frameRow(seq++, tsNs, commandSeq, f));
            }
        }
    }

    private TraceEvent frameRow(long rowSeq, long tsNs, long commandSeq, Output.Frame f) {
        MessageFields fields = MessageFields.builder().scanoutId(f.scanoutId()).resourceId(f.resourceId())
                .rect(f.rect().x(), f.rect().y(), f.rect().width(), f.rect().height()).size(f.bytes().length).build();
        return TraceEvent.builder(rowSeq, tsNs, EventKind.DISPLAY).pairSeq(commandSeq).fields(fields)
                .payload(framePixels ? f.bytes() : null).contentHash(f.hash()).build();
    }

    private static GpuMessage decode(byte[] wire) {
        try {
            return GpuCodec.decode(wire);
        } catch (DecodeException e) {
            return null;
        }
    }
}
