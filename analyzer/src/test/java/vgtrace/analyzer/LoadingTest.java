package vgtrace.analyzer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vgtrace.core.protocol.CtrlType;
import vgtrace.core.trace.MessageFields;
import vgtrace.core.trace.TraceFileException;
import vgtrace.core.trace.WriterOptions;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LoadingTest {

    @TempDir
    Path dir;

    @Test
    void tornTraceLoadsItsCompleteBatches() throws Exception {
        TraceBuilder b = new TraceBuilder();
        for (int i = 0; i < 30_000; i++) b.command(i, CtrlType.MOVE_CURSOR, 0, MessageFields.NONE);
        Path file = b.write(dir.resolve("torn.arrows"), WriterOptions.DEFAULTS.withBatchRows(8192));
        long lastBatchAt;
        try (TraceDatabase db = TraceDatabase.open(file, LoadOptions.IN_MEMORY)) {
            assertEquals(30_000, db.rows());
            assertEquals(0, db.tornBytes());
            assertEquals(4, db.count("SELECT count(*) FROM _batches"), "batches of 8192 rows: 3 whole, 1 of 5424");
            lastBatchAt = db.count("SELECT max(file_offset) FROM _batches");
        }
        long tornSize = Files.size(file) - 5000;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.truncate(tornSize);
        }
        try (TraceDatabase db = TraceDatabase.open(file, LoadOptions.IN_MEMORY)) {
            assertEquals(3 * 8192, db.rows(), "lost only the torn batch");
            assertEquals(tornSize - lastBatchAt, db.tornBytes(), "the torn batch's bytes, from its start to the cut");
            assertEquals(db.rows(), db.count("SELECT count(*) FROM commands"));
        }
    }

    @Test
    void emptyColumnsAreNotStoredButReadAsTypedNulls() throws Exception {
        TraceBuilder b = new TraceBuilder();
        b.ok(20, b.command(10, CtrlType.GET_DISPLAY_INFO, 0, MessageFields.NONE));
        String columns = "SELECT column_name || ' ' || data_type FROM information_schema.columns WHERE table_name = '%s' "
                + "ORDER BY ordinal_position";
        List<String> full;
        List<String> fullPaired;
        try (TraceDatabase db = TraceDatabase.open(KnownTrace.write(dir.resolve("known.arrows")), LoadOptions.IN_MEMORY)) {
            full = Sql.rows(db, columns.formatted("messages_raw"));
            fullPaired = Sql.rows(db, columns.formatted("_rows_paired"));
        }
        try (TraceDatabase db = TraceDatabase.open(b.write(dir.resolve("headers.arrows")), LoadOptions.IN_MEMORY)) {
            assertEquals(full, Sql.rows(db, columns.formatted("messages_raw")), "the same columns and types");
            assertEquals(fullPaired, Sql.rows(db, columns.formatted("_rows_paired")), "with the loader's, the same too");
            List<String> stored = Sql.rows(db, columns.formatted("_rows"));
            assertTrue(stored.size() < full.size() - 15, "a header-only trace stores a few columns: " + stored);
            assertTrue(stored.contains("type INTEGER") && !stored.contains("resource_id INTEGER"), stored.toString());
            // Of the loader's columns, only the response's are stored: no MEMORY rows, no ids created.
            assertTrue(stored.contains("response_seq BIGINT") && !stored.contains("memory_bytes BIGINT")
                    && !stored.contains("resource_create_seq BIGINT") && !stored.contains("response_map_info INTEGER"), stored.toString());
            assertEquals(List.of("0|1|null|null|null"),
                    Sql.rows(db, "SELECT seq, response_seq, memory_bytes, resource_create_seq, response_map_info FROM _rows_paired WHERE kind = 'COMMAND'"));
            assertEquals(List.of("0|COMMAND|null|null", "1|RESPONSE|null|null"),
                    Sql.rows(db, "SELECT seq, kind, resource_id, segments FROM messages_raw ORDER BY seq"));
        }
    }

    @Test
    void unpairedErrorResponseIsAnErrorWithoutCommand() throws Exception {
        TraceBuilder b = new TraceBuilder();
        b.ok(20, b.command(10, CtrlType.GET_DISPLAY_INFO, 0, MessageFields.NONE));
        b.unpairedResponse(30, CtrlType.RESP_ERR_UNSPEC);
        try (TraceDatabase db = TraceDatabase.open(b.write(dir.resolve("u.arrows")), LoadOptions.IN_MEMORY)) {
            assertEquals(List.of("RESP_ERR_UNSPEC|null|NONE"),
                    Sql.rows(db, "SELECT error, command_seq, pairing FROM errors"));
        }
    }

    @Test
    void notATraceIsATraceFileException() throws IOException {
        Path file = Files.writeString(dir.resolve("x.arrows"), "hello, not arrow at all");
        TraceFileException e = assertThrows(TraceFileException.class, () -> TraceDatabase.open(file, LoadOptions.IN_MEMORY));
        assertEquals(TraceFileException.Kind.NOT_ARROW, e.kind());
    }

    @Test
    void missingFileIsNotFound() {
        TraceFileException e = assertThrows(TraceFileException.class, () -> TraceDatabase.open(dir.resolve("none"), LoadOptions.IN_MEMORY));
        assertEquals(TraceFileException.Kind.NOT_FOUND, e.kind());
    }
}
