package vgtrace.core.trace;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vgtrace.core.protocol.CtrlHeader;
import vgtrace.core.protocol.CtrlType;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static vgtrace.core.trace.TraceSamples.assertSameRows;
import static vgtrace.core.trace.TraceSamples.readAll;

class TraceRoundTripTest {

    @TempDir
    Path dir;

    @Test
    void everyKindWithEveryFieldAndWithNoneReadsBackTheSame() throws IOException {
        List<TraceEvent> rows = new ArrayList<>(TraceSamples.everyKindFull(0));
        rows.addAll(TraceSamples.everyKindBare(100));
        Path file = dir.resolve("t.arrows");
        write(file, TraceMetadata.of("generator"), rows);

        try (TraceReader r = TraceReader.open(file)) {
            assertSameRows(rows, readAll(r));
            assertTrue(r.truncation().isEmpty(), "a closed writer leaves a complete stream");
        }
        assertEquals(0, TraceMemory.root().getAllocatedMemory(), "reader and writer freed all Arrow memory");
    }

    @Test
    void metadataRoundTripsAndMetadataRowsMergeAsTheyAreRead() throws IOException {
        TraceMetadata meta = TraceMetadata.of("capture").with("vmm", "qemu 10.0.2").with("backend", "virgl")
                .with("guest_kernel", "6.12.48").with("features", "0x8000000000000019").with("capsets", "1:1:308")
                .with("clock", "CLOCK_MONOTONIC").with("clock_anchor_realtime_ns", "1700000000000000000")
                .with("site", "lab 3");
        Path file = dir.resolve("m.arrows");
        write(file, meta, List.of(TraceEvent.note(1, 5, "hello"), TraceEvent.metadata(2, 6, "capsets", "1:1:308,4:0:160"),
                TraceEvent.metadata(3, 7, "bench", "x=y")));

        try (TraceReader r = TraceReader.open(file)) {
            assertEquals(meta, r.metadata(), "schema metadata before any row");
            assertEquals(0x8000000000000019L, r.metadata().features());
            readAll(r);
            TraceMetadata merged = r.metadata();
            assertEquals("1:1:308,4:0:160", merged.capsets());
            assertEquals("x=y", merged.extras().get("bench"));
            assertEquals("lab 3", merged.extras().get("site"));
            assertEquals(TraceSchema.FORMAT_VERSION, merged.formatVersion());
        }
    }

    @Test
    void ringIsStoredOnlyWhenFlaggedAndKnown() throws IOException {
        CtrlHeader flagged = CtrlHeader.fenced(CtrlType.SUBMIT_3D, 9, 2, 3);
        TraceEvent known = TraceEvent.command(1, 0, 0, flagged, MessageFields.NONE, null);
        TraceEvent unknown = TraceEvent.builder(2, 0, EventKind.COMMAND).queue(0)
                .header(CtrlHeader.fenced(CtrlType.SUBMIT_3D, 10, 2, 0)).ringKnown(false).guestSeqno(7L).numFree(1000).build();
        TraceEvent none = TraceEvent.command(3, 0, 0, CtrlHeader.fenced(CtrlType.SUBMIT_3D, 11, 2, -1),
                MessageFields.NONE, null);
        Path file = dir.resolve("r.arrows");
        write(file, TraceMetadata.of("ftrace"), List.of(known, unknown, none));

        try (TraceReader r = TraceReader.open(file)) {
            List<TraceEvent> back = readAll(r);
            assertEquals(3, back.get(0).ringIdx());
            assertNull(back.get(1).ringIdx());
            assertFalse(back.get(1).ringKnown(), "INFO_RING_IDX set but no ring stored: unknown");
            assertTrue(back.get(1).header().hasRing());
            assertNull(back.get(2).ringIdx());
        }
    }

    @Test
    void fileIsCreatedOwnerOnlyAndNeverOverwrittenUnlessAsked() throws IOException {
        Path file = dir.resolve("p.arrows");
        write(file, TraceMetadata.of("generator"), List.of());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertThrows(FileAlreadyExistsException.class,
                () -> TraceWriter.create(file, TraceMetadata.of("generator"), WriterOptions.DEFAULTS));

        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        try (TraceWriter w = TraceWriter.create(file, TraceMetadata.of("again"),
                WriterOptions.DEFAULTS.withOverwrite(true))) {
            w.append(TraceEvent.note(1, 1, "second"));
        }
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        try (TraceReader r = TraceReader.open(file)) {
            assertEquals("again", r.metadata().source());
            assertEquals("second", readAll(r).getFirst().text());
        }
    }

    @Test
    void seqMustIncrease() throws IOException {
        try (TraceWriter w = TraceWriter.create(dir.resolve("s.arrows"), TraceMetadata.of("generator"),
                WriterOptions.DEFAULTS)) {
            w.append(TraceEvent.note(5, 0, "a"));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> w.append(TraceEvent.note(5, 0, "b")));
            assertTrue(e.getMessage().contains("seq 5 after 5"), e.getMessage());
            w.append(TraceEvent.note(6, 0, "c"));
        }
        try (TraceReader r = TraceReader.open(dir.resolve("s.arrows"))) {
            assertEquals(List.of("a", "c"), readAll(r).stream().map(TraceEvent::text).toList());
        }
    }

    @Test
    void arrowReaderYieldsTheSameRowsAsBatches() throws IOException {
        Path file = dir.resolve("b.arrows");
        List<TraceEvent> rows = TraceSamples.write(file, 4);
        long count = 0;
        try (TraceReader r = TraceReader.open(file);
             var batches = r.arrowReader(TraceMemory.root())) {
            while (batches.loadNextBatch()) {
                var root = batches.getVectorSchemaRoot();
                count += root.getRowCount();
                assertEquals(TraceSchema.SCHEMA.getFields(), root.getSchema().getFields());
            }
        }
        assertEquals(rows.size(), count);
        assertEquals(0, TraceMemory.root().getAllocatedMemory());
    }

    static void write(Path file, TraceMetadata meta, List<TraceEvent> rows) throws IOException {
        try (TraceWriter w = TraceWriter.create(file, meta, WriterOptions.DEFAULTS)) {
            for (TraceEvent e : rows) w.append(e);
        }
    }
}
