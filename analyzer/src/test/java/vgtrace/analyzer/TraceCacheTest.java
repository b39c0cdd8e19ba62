package vgtrace.analyzer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vgtrace.core.trace.TraceFileException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TraceCacheTest {

    private static final LoadOptions ALWAYS = LoadOptions.DEFAULTS.withCacheFromBytes(0);

    @TempDir
    Path dir;

    @Test
    void smallTracesAreNotCachedByDefault() throws Exception {
        Path trace = KnownTrace.write(dir.resolve("t.arrows"));
        try (TraceDatabase db = TraceDatabase.open(trace)) {
            assertEquals(KnownTrace.ROWS, db.rows());
        }
        assertFalse(Files.exists(TraceCache.fileFor(trace)));
    }

    @Test
    void secondOpenReusesTheCacheWithTheSameAnswers() throws Exception {
        Path trace = KnownTrace.write(dir.resolve("t.arrows"));
        List<String> first;
        try (TraceDatabase db = TraceDatabase.open(trace, ALWAYS)) {
            assertFalse(db.fromCache());
            first = Sql.rows(db, "SELECT * FROM fences ORDER BY seq");
        }
        Path cache = TraceCache.fileFor(trace);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(cache)));
        try (TraceDatabase db = TraceDatabase.open(trace, ALWAYS)) {
            assertTrue(db.fromCache());
            assertEquals(first, Sql.rows(db, "SELECT * FROM fences ORDER BY seq"));
            assertEquals(db.rows(), db.count("SELECT count(*) FROM messages"));
        }
    }

    @Test
    void needsLoadUntilACurrentCacheExists() throws Exception {
        Path trace = KnownTrace.write(dir.resolve("t.arrows"));
        assertFalse(TraceDatabase.needsLoad(trace, LoadOptions.DEFAULTS), "small: loaded in memory at once");
        assertTrue(TraceDatabase.needsLoad(trace, ALWAYS));
        try (TraceDatabase db = TraceDatabase.open(trace, ALWAYS)) {
            assertFalse(db.fromCache());
        }
        assertFalse(TraceDatabase.needsLoad(trace, ALWAYS), "the cache is current");
        assertTrue(TraceDatabase.needsLoad(trace, ALWAYS.withPayload(true)), "a cache without payload does not serve");
        Files.setLastModifiedTime(trace, FileTime.fromMillis(Files.getLastModifiedTime(trace).toMillis() + 5_000));
        assertTrue(TraceDatabase.needsLoad(trace, ALWAYS), "the trace changed");
    }

    @Test
    void changedTraceRebuildsTheCache() throws Exception {
        Path trace = KnownTrace.write(dir.resolve("t.arrows"));
        try (TraceDatabase db = TraceDatabase.open(trace, ALWAYS)) {
            assertFalse(db.fromCache());
        }
        Files.setLastModifiedTime(trace, FileTime.fromMillis(Files.getLastModifiedTime(trace).toMillis() + 5000));
        try (TraceDatabase db = TraceDatabase.open(trace, ALWAYS)) {
            assertFalse(db.fromCache(), "mtime changed: the cache is stale");
        }
        try (TraceDatabase db = TraceDatabase.open(trace, ALWAYS)) {
            assertTrue(db.fromCache());
        }
    }

    @Test
    void foreignFileNamedLikeTheCacheIsReplaced() throws Exception {
        Path trace = KnownTrace.write(dir.resolve("t.arrows"));
        Files.writeString(TraceCache.fileFor(trace), "not duckdb");
        try (TraceDatabase db = TraceDatabase.open(trace, ALWAYS)) {
            assertFalse(db.fromCache());
            assertEquals(KnownTrace.ROWS, db.rows());
        }
    }

    @Test
    void badTraceLeavesNoCacheBehind() throws IOException {
        Path trace = Files.writeString(dir.resolve("bad.arrows"), "definitely not arrow");
        assertThrows(TraceFileException.class, () -> TraceDatabase.open(trace, ALWAYS));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(trace), files.toList());
        }
    }
}
