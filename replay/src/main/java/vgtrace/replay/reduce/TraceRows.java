package vgtrace.replay.reduce;

import vgtrace.core.protocol.DecodeException;
import vgtrace.core.protocol.GpuCodec;
import vgtrace.core.protocol.GpuMessage;
import vgtrace.core.trace.EventKind;
import vgtrace.core.trace.MemoryContent;
import vgtrace.core.trace.TraceEvent;
import vgtrace.core.trace.TraceMetadata;
import vgtrace.core.trace.TraceReader;
import vgtrace.replay.engine.FrameAttribution;
import vgtrace.replay.engine.PlanException;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A whole trace in memory, for cutting it: its rows in order, the bytes of every MEMORY row (resolved
 * through deduplication), its commands decoded, and the flush each display UPDATE row belongs to.
 * Trim and reduce hold the trace they cut this way (its size in memory).
 */
public final class TraceRows {

    private final Path path;
    private final List<TraceEvent> rows;
    private final MemoryContent content;
    private final Map<Long, TraceEvent> commands = new LinkedHashMap<>();
    private final Map<Long, Optional<GpuMessage>> decoded = new LinkedHashMap<>();
    private final Map<Long, Long> flushOfUpdate;
    private final TraceMetadata metadata;

    private TraceRows(Path path, List<TraceEvent> rows, MemoryContent content, Map<Long, Long> flushOfUpdate,
                      TraceMetadata metadata) {
        this.path = path;
        this.rows = List.copyOf(rows);
        this.content = content;
        this.flushOfUpdate = Map.copyOf(flushOfUpdate);
        this.metadata = metadata;
        for (TraceEvent r : rows) {
            if (r.kind() != EventKind.COMMAND) continue;
            commands.put(r.seq(), r);
            decoded.put(r.seq(), decode(r.payload()));
        }
    }

    /**
     * @throws PlanException when its commands carry no payload (an import): it cannot be cut into a replayable trace
     */
    public static TraceRows load(Path trace) throws IOException {
        List<TraceEvent> rows = new ArrayList<>();
        MemoryContent content = new MemoryContent(trace);
        FrameAttribution attribution = new FrameAttribution();
        try (TraceReader reader = TraceReader.open(trace)) {
            while (reader.hasNext()) {
                TraceEvent row = reader.next();
                content.accept(row);
                switch (row.kind()) {
                    case COMMAND -> {
                        if (row.payload() == null) throw new PlanException(trace + ": command row " + row.seq()
                                + " has no payload: this trace records headers only (an import) and cannot be cut");
                        attribution.command(row);
                    }
                    case RESPONSE -> attribution.response(row);
                    case DISPLAY -> attribution.display(row);
                    default -> { }
                }
                rows.add(row);
            }
            return new TraceRows(trace, rows, content, attribution.frames().flushOfUpdate(), reader.metadata());
        }
    }

    public Path path() {
        return path;
    }

    /** Every row, in file order. */
    public List<TraceEvent> rows() {
        return rows;
    }

    /** The COMMAND rows by seq, in order. */
    public Map<Long, TraceEvent> commands() {
        return commands;
    }

    /** The command's message, or empty when its bytes do not decode. */
    public Optional<GpuMessage> message(long commandSeq) {
        return decoded.getOrDefault(commandSeq, Optional.empty());
    }

    /** The bytes of a MEMORY row, its own or those an earlier row stored under its hash. */
    public Optional<byte[]> bytesOf(TraceEvent memoryRow) {
        return content.bytesOf(memoryRow);
    }

    /** The flush a display UPDATE row (one that names no flush) went to, if any. */
    public Optional<Long> flushOf(TraceEvent displayRow) {
        return Optional.ofNullable(flushOfUpdate.get(displayRow.seq()));
    }

    /** The trace's metadata with every METADATA row merged in. */
    public TraceMetadata metadata() {
        return metadata;
    }

    private static Optional<GpuMessage> decode(byte[] wire) {
        try {
            return Optional.of(GpuCodec.decode(wire));
        } catch (DecodeException e) {
            return Optional.empty();
        }
    }
}
