package vgtrace.analyzer;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VarCharVector;
import vgtrace.core.trace.TraceColumn;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Eight columns the loader adds to the trace's, holding on each COMMAND row what {@link FirstPass}
 * found: its response's {@code response_seq}, {@code response_ts_ns}, {@code response_code},
 * {@code response_pairing}, {@code response_map_info} (null on commands without a response), the seq
 * of the create that made the context and the resource it names, {@code ctx_create_seq} and
 * {@code resource_create_seq} (null when none came before it), and the bytes of the MEMORY rows that
 * name it, {@code memory_bytes}. Null on other rows. One instance fills its vectors for one batch at a
 * time.
 */
final class AddedColumns implements AutoCloseable {

    static final String RESPONSE_SEQ = "response_seq", RESPONSE_TS = "response_ts_ns", RESPONSE_CODE = "response_code",
            RESPONSE_PAIRING = "response_pairing", RESPONSE_MAP_INFO = "response_map_info", CTX_CREATE_SEQ = "ctx_create_seq",
            RESOURCE_CREATE_SEQ = "resource_create_seq", MEMORY_BYTES = "memory_bytes";

    /**
     * The added columns that will hold a value in some row, from what {@code pairs} found: a
     * header-only import, say, has no MEMORY rows and names no resource, so two of them stay empty.
     */
    static Set<String> withValues(FirstPass pairs) {
        FirstPass.CommandFacts facts = pairs.exact();
        Set<String> with = new HashSet<>();
        for (int c = 0; c < pairs.commands(); c++) {
            if (facts.contextCreateSeq(c) != FirstPass.NO_SEQ) with.add(CTX_CREATE_SEQ);
            if (facts.resourceCreateSeq(c) != FirstPass.NO_SEQ) with.add(RESOURCE_CREATE_SEQ);
            if (facts.memoryBytes(c) != FirstPass.NO_BYTES) with.add(MEMORY_BYTES);
            int r = facts.responseOf(c);
            if (r == FirstPass.NONE) continue;
            with.add(RESPONSE_SEQ);
            with.add(RESPONSE_TS);
            if (pairs.responseTypeKnown(r)) with.add(RESPONSE_CODE);
            if (pairs.responsePairingName(r) != null) with.add(RESPONSE_PAIRING);
            if (pairs.responseMapInfoKnown(r)) with.add(RESPONSE_MAP_INFO);
        }
        return with;
    }

    private final List<FieldVector> vectors;
    private final ColumnFill.Fixed responseSeq;
    private final ColumnFill.Fixed responseTs;
    private final ColumnFill.Fixed responseCode;
    private final ColumnFill.Text pairingFill;
    private final ColumnFill.Fixed responseMapInfo;
    private final ColumnFill.Fixed ctxCreateSeq;
    private final ColumnFill.Fixed resourceCreateSeq;
    private final ColumnFill.Fixed memoryBytes;
    private final List<ColumnFill.Fixed> fills;
    private final ColumnView.Text kind = new ColumnView.Text();

    AddedColumns(BufferAllocator allocator) {
        BigIntVector seqVector = new BigIntVector(RESPONSE_SEQ, allocator);
        BigIntVector tsVector = new BigIntVector(RESPONSE_TS, allocator);
        IntVector codeVector = new IntVector(RESPONSE_CODE, allocator);
        VarCharVector pairingVector = new VarCharVector(RESPONSE_PAIRING, allocator);
        IntVector mapInfoVector = new IntVector(RESPONSE_MAP_INFO, allocator);
        BigIntVector ctxVector = new BigIntVector(CTX_CREATE_SEQ, allocator);
        BigIntVector resourceVector = new BigIntVector(RESOURCE_CREATE_SEQ, allocator);
        BigIntVector bytesVector = new BigIntVector(MEMORY_BYTES, allocator);
        vectors = List.of(seqVector, tsVector, codeVector, pairingVector, mapInfoVector, ctxVector, resourceVector, bytesVector);
        responseSeq = new ColumnFill.Fixed(seqVector);
        responseTs = new ColumnFill.Fixed(tsVector);
        responseCode = new ColumnFill.Fixed(codeVector);
        pairingFill = new ColumnFill.Text(pairingVector, FirstPass.LONGEST_PAIRING_NAME);
        responseMapInfo = new ColumnFill.Fixed(mapInfoVector);
        ctxCreateSeq = new ColumnFill.Fixed(ctxVector);
        resourceCreateSeq = new ColumnFill.Fixed(resourceVector);
        memoryBytes = new ColumnFill.Fixed(bytesVector);
        fills = List.of(responseSeq, responseTs, responseCode, responseMapInfo, ctxCreateSeq, resourceCreateSeq, memoryBytes);
    }

    /** The added vectors, in column order. */
    List<FieldVector> vectors() {
        return vectors;
    }

    /**
     * Fills the added columns of a batch of {@code rows} rows whose {@code kind} column is given; its
     * first COMMAND row is command {@code firstCommand}.
     *
     * @return the command after the batch's last
     */
    int fill(FieldVector kindColumn, int rows, FirstPass pairs, FirstPass.CommandFacts facts, int firstCommand) {
        fills.forEach(f -> f.start(rows));
        pairingFill.start(rows);
        kind.load(kindColumn, rows);
        int c = firstCommand;
        for (int i = 0; i < rows; i++) {
            if (kind.is(i, FirstPass.COMMAND)) set(i, c++, pairs, facts); // other rows stay null
        }
        fills.forEach(f -> f.finish(rows));
        pairingFill.finish(rows);
        return c;
    }

    /** Fills row {@code i} with the added columns of each command of {@code commands}, in order. */
    void fill(int[] commands, FirstPass pairs, FirstPass.CommandFacts facts) {
        fills.forEach(f -> f.start(commands.length));
        pairingFill.start(commands.length);
        for (int i = 0; i < commands.length; i++) set(i, commands[i], pairs, facts);
        fills.forEach(f -> f.finish(commands.length));
        pairingFill.finish(commands.length);
    }

    private void set(int i, int c, FirstPass pairs, FirstPass.CommandFacts facts) {
        setIfKnown(ctxCreateSeq, i, facts.contextCreateSeq(c), FirstPass.NO_SEQ);
        setIfKnown(resourceCreateSeq, i, facts.resourceCreateSeq(c), FirstPass.NO_SEQ);
        setIfKnown(memoryBytes, i, facts.memoryBytes(c), FirstPass.NO_BYTES);
        int r = facts.responseOf(c);
        if (r == FirstPass.NONE) return;
        responseSeq.set(i, pairs.responseSeq(r));
        responseTs.set(i, pairs.responseTs(r));
        if (pairs.responseTypeKnown(r)) responseCode.set(i, pairs.responseType(r));
        if (pairs.responseMapInfoKnown(r)) responseMapInfo.set(i, pairs.responseMapInfo(r));
        byte[] pairing = pairs.responsePairingName(r);
        if (pairing != null) pairingFill.set(i, pairing);
    }

    private static void setIfKnown(ColumnFill.Fixed fill, int i, long value, long none) {
        if (value != none) fill.set(i, value);
    }

    @Override
    public void close() {
        vectors.forEach(FieldVector::close);
    }
}
