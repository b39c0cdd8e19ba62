package vgtrace.analyzer;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import vgtrace.core.protocol.CtrlType;
import vgtrace.core.trace.Pairing;
import vgtrace.core.trace.TraceColumn;
import vgtrace.core.trace.TraceMemory;
import vgtrace.core.trace.TraceReader;
import vgtrace.core.trace.TraceStreamReader;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * What the loader learns in one pass over the trace before loading it: each COMMAND row's response,
 * so that the loader hands DuckDB the pairs with the commands instead of DuckDB joining the trace
 * with itself (the costliest step of a first open); each fence's retirement ({@link FenceRetirement});
 * the generation of the context and resource each command names; the guest memory bytes recorded for
 * each command;
 * and which columns hold a value at all, so that DuckDB converts and stores only those. A response
 * row names its command in {@code pair_seq}; when several do, the first one in the trace is the
 * command's response. Commands are numbered in trace order: the {@code i}-th COMMAND row is command
 * {@code i}.
 */
final class FirstPass {

    /** No response. */
    static final int NONE = -1;
    /** No MEMORY row with a size names the command. */
    static final long NO_BYTES = Long.MIN_VALUE;
    /** No create before the command (or it names no id). */
    static final long NO_SEQ = Long.MIN_VALUE;
    private static final long NO_ID = -1;
    /** Header flags: FENCE, INFO_RING_IDX. */
    private static final int FENCE = 1, RING_INFO = 2;

    static final byte[] COMMAND = "COMMAND".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] RESPONSE = "RESPONSE".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] MEMORY = "MEMORY".getBytes(StandardCharsets.US_ASCII);
    private static final byte[][] PAIRING_NAMES =
            Arrays.stream(Pairing.values()).map(p -> p.name().getBytes(StandardCharsets.US_ASCII)).toArray(byte[][]::new);
    /** Bytes of the longest {@link Pairing} name. */
    static final int LONGEST_PAIRING_NAME = Arrays.stream(PAIRING_NAMES).mapToInt(n -> n.length).max().orElseThrow();

    private final Commands commands = new Commands();
    private final Responses responses = new Responses();
    private final Memory memory = new Memory();
    private final Fenced fenced = new Fenced();
    private final Set<String> columnsWithValues = new HashSet<>();
    private final FenceRetirement fences = new FenceRetirement();
    /** What the rows taken in so far say of each command, as {@link #settle} handed it out. */
    private final CommandFacts provisional = new CommandFacts();
    /** What every row says: set by {@link #finish}. */
    private CommandFacts exact;

    private final ColumnView.Fixed seq = new ColumnView.Fixed(), ts = new ColumnView.Fixed(), pairSeq = new ColumnView.Fixed(),
            type = new ColumnView.Fixed(), mapInfo = new ColumnView.Fixed(), flags = new ColumnView.Fixed(),
            fenceId = new ColumnView.Fixed(), ctxId = new ColumnView.Fixed(), ring = new ColumnView.Fixed(),
            resource = new ColumnView.Fixed(), size = new ColumnView.Fixed();
    private final ColumnView.Text kind = new ColumnView.Text(), pairing = new ColumnView.Text();
    private final Map<TraceColumn, ColumnView> views = Map.ofEntries(Map.entry(TraceColumn.SEQ, seq), Map.entry(TraceColumn.TS_NS, ts),
            Map.entry(TraceColumn.KIND, kind), Map.entry(TraceColumn.PAIR_SEQ, pairSeq), Map.entry(TraceColumn.TYPE, type),
            Map.entry(TraceColumn.MAP_INFO, mapInfo), Map.entry(TraceColumn.PAIRING, pairing),
            Map.entry(TraceColumn.FLAGS, flags), Map.entry(TraceColumn.FENCE_ID, fenceId),
            Map.entry(TraceColumn.CTX_ID, ctxId), Map.entry(TraceColumn.RING_IDX, ring),
            Map.entry(TraceColumn.RESOURCE_ID, resource), Map.entry(TraceColumn.SIZE, size));

    /** Reads {@code trace} (complete batches only, as the loader does) and pairs its commands. */
    static FirstPass of(Path trace) throws IOException {
        FirstPass pass = new FirstPass();
        try (BufferAllocator allocator = TraceMemory.root().newChildAllocator("pairs " + trace, 0, Long.MAX_VALUE);
             TraceReader reader = TraceReader.open(trace);
             TraceStreamReader batches = reader.arrowReader(allocator, span -> { }, false)) {
            while (batches.loadNextBatch()) pass.accept(batches.getVectorSchemaRoot());
        }
        pass.finish();
        return pass;
    }

    /** Takes in the next batch of the trace, in file order. */
    void accept(VectorSchemaRoot root) {
        int n = root.getRowCount();
        for (FieldVector v : root.getFieldVectors()) {
            if (v.getNullCount() < n) columnsWithValues.add(v.getName());
        }
        views.forEach((column, view) -> view.load(root.getVector(column.columnName()), n));
        for (int i = 0; i < n; i++) {
            if (kind.is(i, COMMAND)) {
                int f = flags.isNull(i) ? 0 : (int) flags.get(i);
                if ((f & FENCE) != 0 && !fenceId.isNull(i)) {
                    fenced.add(commands.size, FenceRetirement.timeline((f & RING_INFO) != 0,
                            ctxId.isNull(i) ? 0 : (int) ctxId.get(i), !ring.isNull(i), ring.isNull(i) ? 0 : (int) ring.get(i)),
                            fenceId.get(i));
                }
                commands.add(seq.get(i), type.isNull(i) ? 0 : (int) type.get(i),
                        ctxId.isNull(i) ? NO_ID : ctxId.get(i) & 0xffffffffL,
                        resource.isNull(i) ? NO_ID : resource.get(i) & 0xffffffffL);
            } else if (kind.is(i, RESPONSE) && !pairSeq.isNull(i)) {
                responses.add(pairSeq.get(i), seq.get(i), ts.get(i), type, mapInfo, i, pairingOf(pairing, i));
            } else if (kind.is(i, MEMORY) && !pairSeq.isNull(i) && !size.isNull(i)) {
                memory.add(pairSeq.get(i), size.get(i));
            }
        }
    }

    /**
     * Commands {@code [0, upTo)} as far as the rows taken in so far tell: for a store built while the
     * trace is written, which hands rows over before the rows after them exist.
     */
    CommandFacts settle(int upTo) {
        provisional.extendTo(upTo);
        return provisional;
    }

    /** Commands taken in so far: in the whole trace once every batch is. */
    int commands() {
        return commands.size;
    }

    /**
     * Every row taken in: derives each command's facts from all of them, and each fence's retirement.
     *
     * @return the commands {@link #settle} handed out whose facts the rows after them changed (a
     * response or guest memory recorded long after its command), in order
     */
    int[] finish() {
        exact = new CommandFacts();
        exact.extendTo(commands.size);
        for (int f = 0; f < fenced.size; f++) {
            int c = fenced.command[f];
            int r = exact.responseOf(c);
            fences.add(commands.seq[c], fenced.timeline[f], fenced.fenceId[f], r == NONE ? FenceRetirement.NONE : responses.ts[r]);
        }
        fences.compute();
        return IntStream.range(0, provisional.settled).filter(c -> !exact.sameAs(provisional, c)).toArray();
    }

    /** The seq of command {@code c}. */
    long commandSeq(int c) {
        return commands.seq[c];
    }

    /** What every row says of each command ({@link #finish} first). */
    CommandFacts exact() {
        return exact;
    }

    /**
     * Per command: its response, the generation of the context and of the resource it names, and the
     * bytes of guest memory recorded for it, derived from the rows taken in when it was extended; for
     * the rows of a whole trace, exactly what the trace says. A response row names its command in
     * {@code pair_seq}; when several do, the first one in the trace is the command's response.
     */
    final class CommandFacts {
        private int[] responseOf = new int[0];
        private long[] memoryBytes = new long[0], contextCreateSeq = new long[0], resourceCreateSeq = new long[0];
        /** Commands with their generations derived; responses and memory rows taken in. */
        private int settled, responsesDone, memoryDone;
        private int responseHint, memoryHint;
        private final Map<Long, Long> latestContext = new HashMap<>(), latestResource = new HashMap<>();

        private void extendTo(int upTo) {
            if (responseOf.length < commands.size) {
                int from = responseOf.length, n = Math.max(commands.size, from * 2);
                responseOf = Arrays.copyOf(responseOf, n);
                memoryBytes = Arrays.copyOf(memoryBytes, n);
                contextCreateSeq = Arrays.copyOf(contextCreateSeq, n);
                resourceCreateSeq = Arrays.copyOf(resourceCreateSeq, n);
                Arrays.fill(responseOf, from, n, NONE);
                Arrays.fill(memoryBytes, from, n, NO_BYTES);
            }
            // A command handed out keeps what it was handed out with: finish() compares it with the exact facts.
            for (; responsesDone < responses.size; responsesDone++) {
                int c = find(responses.pairSeq[responsesDone], responseHint);
                if (c == NONE) continue;
                responseHint = c;
                if (c >= settled && responseOf[c] == NONE) responseOf[c] = responsesDone;
            }
            for (; memoryDone < memory.size; memoryDone++) {
                int c = find(memory.pairSeq[memoryDone], memoryHint);
                if (c == NONE) continue;
                memoryHint = c;
                if (c >= settled) memoryBytes[c] = (memoryBytes[c] == NO_BYTES ? 0 : memoryBytes[c]) + memory.bytes[memoryDone];
            }
            for (; settled < upTo; settled++) {
                int c = settled, code = commands.type[c];
                contextCreateSeq[c] = generation(latestContext, commands.ctx[c], c, code == CtrlType.CTX_CREATE.code());
                resourceCreateSeq[c] = generation(latestResource, commands.resource[c], c, isResourceCreate(code));
            }
        }

        /**
         * The seq of the latest successful create of {@code id} before command {@code c}, or
         * {@link #NO_SEQ}: which context or resource of a reused id the command belongs to.
         */
        private long generation(Map<Long, Long> latest, long id, int c, boolean isCreate) {
            if (id == NO_ID) return NO_SEQ;
            Long create = latest.get(id);
            if (isCreate && !failed(c)) latest.put(id, commands.seq[c]);
            return create == null ? NO_SEQ : create;
        }

        /** Command {@code c}'s response is an error. */
        private boolean failed(int c) {
            int r = responseOf[c];
            return r != NONE && responses.typeKnown[r] && CtrlType.isError(responses.type[r]);
        }

        private boolean sameAs(CommandFacts other, int c) {
            return responseOf[c] == other.responseOf[c] && memoryBytes[c] == other.memoryBytes[c]
                    && contextCreateSeq[c] == other.contextCreateSeq[c] && resourceCreateSeq[c] == other.resourceCreateSeq[c];
        }

        /** The seq of the CTX_CREATE that made the context command {@code c} names, or {@link #NO_SEQ}. */
        long contextCreateSeq(int c) {
            return c < settled ? contextCreateSeq[c] : NO_SEQ;
        }

        /** The seq of the RESOURCE_CREATE_* that made the resource command {@code c} names, or {@link #NO_SEQ}. */
        long resourceCreateSeq(int c) {
            return c < settled ? resourceCreateSeq[c] : NO_SEQ;
        }

        /** The bytes of guest memory recorded for command {@code c} (MEMORY rows), or {@link #NO_BYTES}. */
        long memoryBytes(int c) {
            return c < settled ? memoryBytes[c] : NO_BYTES;
        }

        /** The index of command {@code c}'s response, or {@link #NONE}. */
        int responseOf(int c) {
            return c < settled ? responseOf[c] : NONE;
        }
    }

    private static boolean isResourceCreate(int code) {
        return switch (CtrlType.lookup(code)) {
            case RESOURCE_CREATE_2D, RESOURCE_CREATE_3D, RESOURCE_CREATE_BLOB -> true;
            case null, default -> false;
        };
    }

    /** Names of the columns with a value in some row. */
    Set<String> columnsWithValues() {
        return columnsWithValues;
    }

    /** The fenced commands and their retirement. */
    FenceRetirement fences() {
        return fences;
    }

    long responseSeq(int r) {
        return responses.seq[r];
    }

    long responseTs(int r) {
        return responses.ts[r];
    }

    boolean responseTypeKnown(int r) {
        return responses.typeKnown[r];
    }

    /** The response's header type, where {@link #responseTypeKnown}. */
    int responseType(int r) {
        return responses.type[r];
    }

    boolean responseMapInfoKnown(int r) {
        return responses.mapInfoKnown[r];
    }

    /** The response's map_info, where {@link #responseMapInfoKnown}. */
    int responseMapInfo(int r) {
        return responses.mapInfo[r];
    }

    /** How the response was paired, the {@link Pairing} name in ASCII; null when the row did not say. */
    byte[] responsePairingName(int r) {
        byte p = responses.pairing[r];
        return p < 0 ? null : PAIRING_NAMES[p];
    }


    /** The command whose seq is {@code seq}, searched near {@code hint} first (responses follow commands). */
    private int find(long seq, int hint) {
        int n = commands.size;
        long[] commandSeq = commands.seq;
        int from = 0, to = n;
        if (hint < n && commandSeq[hint] <= seq) {
            from = hint;
            // Most responses name a command a few places on: look there before halving the rest.
            int near = Math.min(n, hint + 64);
            if (near < n && commandSeq[near] > seq) to = near;
        }
        int i = Arrays.binarySearch(commandSeq, from, to, seq);
        return i >= 0 ? i : NONE;
    }


    private static byte pairingOf(ColumnView.Text pairing, int i) {
        for (int p = 0; p < PAIRING_NAMES.length; p++) {
            if (pairing.is(i, PAIRING_NAMES[p])) return (byte) p;
        }
        return -1; // a name this version does not know reads as null, as an unknown type would
    }

    /** Each command's seq, type, context and resource ids ({@link #NO_ID} when null), in trace order. */
    private static final class Commands {
        long[] seq = new long[1 << 16];
        int[] type = new int[1 << 16];
        long[] ctx = new long[1 << 16], resource = new long[1 << 16];
        int size;

        void add(long seqOf, int typeOf, long ctxOf, long resourceOf) {
            if (size == type.length) {
                seq = Arrays.copyOf(seq, size * 2);
                type = Arrays.copyOf(type, size * 2);
                ctx = Arrays.copyOf(ctx, size * 2);
                resource = Arrays.copyOf(resource, size * 2);
            }
            seq[size] = seqOf;
            type[size] = typeOf;
            ctx[size] = ctxOf;
            resource[size] = resourceOf;
            size++;
        }
    }

    /** MEMORY rows that name a command: which, and their size. */
    private static final class Memory {
        long[] pairSeq = new long[1 << 12], bytes = new long[1 << 12];
        int size;

        void add(long pairSeqOf, long bytesOf) {
            if (size == pairSeq.length) {
                pairSeq = Arrays.copyOf(pairSeq, size * 2);
                bytes = Arrays.copyOf(bytes, size * 2);
            }
            pairSeq[size] = pairSeqOf;
            bytes[size] = bytesOf;
            size++;
        }
    }

    /** Fenced commands in trace order: command index, timeline, fence id. */
    private static final class Fenced {
        int[] command = new int[1 << 12];
        long[] timeline = new long[1 << 12], fenceId = new long[1 << 12];
        int size;

        void add(int commandIndex, long timelineOf, long fenceIdOf) {
            if (size == command.length) {
                command = Arrays.copyOf(command, size * 2);
                timeline = Arrays.copyOf(timeline, size * 2);
                fenceId = Arrays.copyOf(fenceId, size * 2);
            }
            command[size] = commandIndex;
            timeline[size] = timelineOf;
            fenceId[size] = fenceIdOf;
            size++;
        }
    }

    /** Response rows that name a command, in trace order, column by column. */
    private static final class Responses {
        long[] pairSeq = new long[1 << 16], seq = new long[1 << 16], ts = new long[1 << 16];
        int[] type = new int[1 << 16], mapInfo = new int[1 << 16];
        boolean[] typeKnown = new boolean[1 << 16], mapInfoKnown = new boolean[1 << 16];
        byte[] pairing = new byte[1 << 16];
        int size;

        /** Adds a response with row {@code i}'s type and map_info. */
        void add(long pairSeqOf, long seqOf, long tsOf, ColumnView.Fixed types, ColumnView.Fixed mapInfos, int i, byte pairingOf) {
            if (size == seq.length) grow();
            pairSeq[size] = pairSeqOf;
            seq[size] = seqOf;
            ts[size] = tsOf;
            typeKnown[size] = !types.isNull(i);
            type[size] = typeKnown[size] ? (int) types.get(i) : 0;
            mapInfoKnown[size] = !mapInfos.isNull(i);
            mapInfo[size] = mapInfoKnown[size] ? (int) mapInfos.get(i) : 0;
            pairing[size] = pairingOf;
            size++;
        }

        private void grow() {
            int n = seq.length * 2;
            pairSeq = Arrays.copyOf(pairSeq, n);
            seq = Arrays.copyOf(seq, n);
            ts = Arrays.copyOf(ts, n);
            type = Arrays.copyOf(type, n);
            mapInfo = Arrays.copyOf(mapInfo, n);
            typeKnown = Arrays.copyOf(typeKnown, n);
            mapInfoKnown = Arrays.copyOf(mapInfoKnown, n);
            pairing = Arrays.copyOf(pairing, n);
        }
    }
}
