package vgtrace.core.trace;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Reader side of MEMORY content deduplication: remembers the bytes of MEMORY rows that store them, by
 * content hash, and gives a later row that stores only the hash its bytes. Feed it every row in
 * order; it keeps one copy of each distinct content, so its memory grows with the trace's.
 */
public final class MemoryContent {

    private final Path source;
    private final Map<Long, byte[]> byHash = new HashMap<>();

    /** @param source the trace the rows come from, named in errors */
    public MemoryContent(Path source) {
        this.source = source;
    }

    /**
     * Remembers the bytes of a MEMORY row that carries them; other rows are ignored.
     *
     * @throws TraceFileException CORRUPT when the bytes do not have the row's content hash, or the row has none
     */
    public void accept(TraceEvent row) throws TraceFileException {
        if (row.kind() != EventKind.MEMORY || row.payload() == null) return;
        if (row.contentHash() == null) throw TraceFileException.corrupt(source, "MEMORY row " + row.seq()
                + " has bytes but no content_hash");
        long actual = ContentHash.of(row.payload());
        if (actual != row.contentHash()) {
            throw TraceFileException.corrupt(source, "MEMORY row " + row.seq() + " bytes hash to 0x"
                    + Long.toHexString(actual) + ", not its content_hash 0x" + Long.toHexString(row.contentHash()));
        }
        byHash.putIfAbsent(actual, row.payload());
    }

    /** The bytes of a MEMORY row: its own, or those stored under its hash by an earlier row; empty when unknown. */
    public Optional<byte[]> bytesOf(TraceEvent row) {
        if (row.payload() != null) return Optional.of(row.payload());
        return row.contentHash() == null ? Optional.empty() : Optional.ofNullable(byHash.get(row.contentHash()));
    }

    /** Distinct contents held. */
    public int size() {
        return byHash.size();
    }
}
