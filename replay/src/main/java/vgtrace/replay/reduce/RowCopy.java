package vgtrace.replay.reduce;

import vgtrace.core.trace.ContentHash;
import vgtrace.core.trace.EventKind;
import vgtrace.core.trace.GuestRange;
import vgtrace.core.trace.MemoryDedup;
import vgtrace.core.trace.TraceEvent;
import vgtrace.core.trace.TraceSink;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * Writes rows of a trace being cut into a new one under new seqs, each MEMORY row self-contained: a
 * row whose bytes the source stored in an earlier row (deduplication) gets them back the first time
 * its content appears in the new trace, since that earlier row may be gone.
 */
final class RowCopy {

    private final TraceRows source;
    private final TraceSink sink;
    private final MemoryDedup dedup = new MemoryDedup();
    private int commands;

    RowCopy(TraceRows source, TraceSink sink) {
        this.source = source;
        this.sink = sink;
    }

    /** {@code row} as row {@code seq}, paired with {@code pair} when it names a command. */
    void copy(TraceEvent row, long seq, long pair) throws IOException {
        if (row.kind() == EventKind.COMMAND) commands++;
        Optional<byte[]> bytes = row.kind() == EventKind.MEMORY ? source.bytesOf(row) : Optional.empty();
        if (bytes.isPresent() && !row.ranges().isEmpty() && row.contentHash() != null) {
            sink.append(memoryRow(row, seq, pair, bytes.get()));
            return;
        }
        TraceEvent out = row.withSeq(seq);
        sink.append(row.pairSeq() == TraceEvent.NO_SEQ ? out : out.withPair(pair, row.pairing()));
    }

    /** A new row, written as it is. */
    void write(TraceEvent row) throws IOException {
        if (row.kind() == EventKind.COMMAND) commands++;
        sink.append(row);
    }

    /** A new MEMORY row of guest bytes from {@code ranges}, for command {@code pair}. */
    void guestMemory(long seq, long tsNs, long pair, int resourceId, List<GuestRange> ranges, byte[] bytes) throws IOException {
        sink.append(dedup.memoryRow(seq, tsNs, pair, resourceId, ranges, bytes));
    }

    /** A new blob MEMORY row: the bytes of mapped blob {@code resourceId} from offset 0, for command {@code pair}. */
    void blobMemory(long seq, long tsNs, long pair, int resourceId, int blobMem, byte[] bytes) throws IOException {
        long hash = ContentHash.of(bytes);
        sink.append(TraceEvent.blobMemory(seq, tsNs, pair, resourceId, blobMem, List.of(new GuestRange(0, bytes.length)),
                bytes, hash, dedup.storeBytes(hash)));
    }

    /** Commands written so far. */
    int commands() {
        return commands;
    }

    private TraceEvent memoryRow(TraceEvent row, long seq, long pair, byte[] bytes) {
        long hash = row.contentHash();
        boolean store = dedup.storeBytes(hash);
        int resourceId = row.fields().resourceId() == null ? 0 : row.fields().resourceId();
        TraceEvent out = row.isBlobMemory()
                ? TraceEvent.blobMemory(seq, row.tsNs(), pair, resourceId, row.fields().blobMem(), row.ranges(), bytes, hash, store)
                : TraceEvent.memory(seq, row.tsNs(), pair, resourceId, row.ranges(), bytes, hash, store);
        return out;
    }
}
