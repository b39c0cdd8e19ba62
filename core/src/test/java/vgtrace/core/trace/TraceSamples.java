package vgtrace.core.trace;

import vgtrace.core.protocol.CtrlHeader;
import vgtrace.core.protocol.CtrlType;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Rows of every kind, a small trace file made of them, and row comparison (payloads by content). */
final class TraceSamples {

    static final MessageFields ALL_FIELDS = new MessageFields(1, 2, 3, 4, 5, 6, 7, 8, 9, 10L, 11L, 12L, 13, 14, 15,
            16, 17L, 18, 19, 20, 21, 22);

    private TraceSamples() {
    }

    /** One row of each kind with every column it can have set, rows numbered from {@code firstSeq}. */
    static List<TraceEvent> everyKindFull(long firstSeq) {
        List<TraceEvent> rows = new ArrayList<>();
        long s = firstSeq;
        for (EventKind kind : EventKind.values()) {
            boolean headerRow = kind.hasHeader();
            CtrlHeader header = headerRow ? new CtrlHeader(0x207, 0x3, 0xfedcba9876543210L, -7, 63, 0xabcdef) : null;
            String text = kind == EventKind.METADATA ? "features=0x1f" : "tëxt of " + kind;
            List<GuestRange> segments = kind == EventKind.MEMORY
                    ? List.of(new GuestRange(0x1000, 1), new GuestRange(-4096, 2)) : null;
            rows.add(TraceEvent.builder(s, s * 1000 + 7, kind).queue(1).pairSeq(s - 1).header(header).fields(ALL_FIELDS)
                    .payload(new byte[]{1, 2, (byte) s}).contentHash(-5L).text(text).guestSeqno(1L << 40).numFree(1023)
                    .pairing(Pairing.SEQNO).segments(segments).build());
            s++;
        }
        return rows;
    }

    /** One row of each kind with every nullable column null. */
    static List<TraceEvent> everyKindBare(long firstSeq) {
        List<TraceEvent> rows = new ArrayList<>();
        long s = firstSeq;
        for (EventKind kind : EventKind.values()) {
            boolean headerRow = kind.hasHeader();
            CtrlHeader header = headerRow ? CtrlHeader.of(CtrlType.RESOURCE_FLUSH) : null;
            String text = kind == EventKind.METADATA ? "vmm=qemu" : null;
            rows.add(TraceEvent.builder(s++, 0, kind).header(header).text(text).build());
        }
        return rows;
    }

    /** A mixed trace of {@code batches} batches of 20 rows in {@code file}. */
    static List<TraceEvent> write(Path file, int batches) throws IOException {
        return write(file, batches, WriterOptions.DEFAULTS.compression());
    }

    /** A mixed trace of {@code batches} batches of 20 rows in {@code file}, compressed with {@code compression}. */
    static List<TraceEvent> write(Path file, int batches, TraceCompression compression) throws IOException {
        List<TraceEvent> rows = new ArrayList<>();
        MemoryDedup dedup = new MemoryDedup();
        try (TraceWriter w = TraceWriter.create(file, TraceMetadata.of("generator"),
                WriterOptions.DEFAULTS.withBatchRows(20).withCompression(compression))) {
            for (long seq = 0; seq < batches * 20L; seq++) {
                TraceEvent e = switch ((int) (seq % 5)) {
                    case 0 -> TraceEvent.command(seq, seq * 10, 0, CtrlHeader.fenced(CtrlType.SUBMIT_3D, seq, 2,
                            (int) seq % 4), MessageFields.builder().size(8).build(), new byte[32]);
                    case 1 -> TraceEvent.response(seq, seq * 10, 0, seq - 1, CtrlHeader.of(CtrlType.RESP_OK_NODATA),
                            MessageFields.NONE, new byte[24], Pairing.CAPTURE);
                    case 2 -> seq % 2 == 0 ? dedup.memoryRow(seq, seq * 10, seq - 2, 5, 0x1000, new byte[]{(byte) (seq % 3), 9})
                            : dedup.memoryRow(seq, seq * 10, seq - 2, 5, List.of(new GuestRange(0x1000, 1),
                            new GuestRange(0x9000, 2)), new byte[]{(byte) (seq % 3), 9, 8});
                    case 3 -> TraceEvent.note(seq, seq * 10, "note " + seq);
                    default -> TraceEvent.metadata(seq, seq * 10, "seen", Long.toString(seq));
                };
                w.append(e);
                rows.add(e);
            }
        }
        return rows;
    }

    static List<TraceEvent> readAll(TraceReader r) throws IOException {
        List<TraceEvent> rows = new ArrayList<>();
        while (r.hasNext()) rows.add(r.next());
        return rows;
    }

    static void assertSameRow(TraceEvent expected, TraceEvent actual) {
        String at = "row " + expected.seq();
        assertEquals(expected.seq(), actual.seq(), at);
        assertEquals(expected.tsNs(), actual.tsNs(), at);
        assertEquals(expected.kind(), actual.kind(), at);
        assertEquals(expected.queue(), actual.queue(), at);
        assertEquals(expected.pairSeq(), actual.pairSeq(), at);
        assertEquals(expected.header(), actual.header(), at);
        assertEquals(expected.ringIdx(), actual.ringIdx(), at);
        assertEquals(expected.fields(), actual.fields(), at);
        assertArrayEquals(expected.payload(), actual.payload(), at);
        assertEquals(expected.contentHash(), actual.contentHash(), at);
        assertEquals(expected.text(), actual.text(), at);
        assertEquals(expected.guestSeqno(), actual.guestSeqno(), at);
        assertEquals(expected.numFree(), actual.numFree(), at);
        assertEquals(expected.pairing(), actual.pairing(), at);
        assertEquals(expected.segments(), actual.segments(), at);
    }

    static void assertSameRows(List<TraceEvent> expected, List<TraceEvent> actual) {
        assertEquals(expected.size(), actual.size(), "row count");
        for (int i = 0; i < expected.size(); i++) assertSameRow(expected.get(i), actual.get(i));
    }
}
