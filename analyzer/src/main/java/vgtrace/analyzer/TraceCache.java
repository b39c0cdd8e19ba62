package vgtrace.analyzer;

import org.duckdb.DuckDBConnection;
import vgtrace.core.protocol.CtrlType;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.function.Consumer;
import java.util.zip.CRC32C;

/**
 * A DuckDB file beside a trace ({@code TRACE.duckdb}) holding its loaded tables and views, so that
 * reopening a large trace takes milliseconds instead of a full load (docs/sql.md has the figures).
 * The file records a key: the trace's size and mtime, the SQL modules' hash, the DuckDB version and
 * whether payload was loaded. A file whose key differs is rebuilt, so it is never stale. It is built
 * under a temporary name and renamed into place, so a crash never leaves a half-built cache. A
 * writer can build it as it writes the trace instead ({@link LiveCache}).
 */
final class TraceCache {

    private static final String KEY_TABLE = "_vgtrace_cache";

    /** A cache file opened read-only. */
    record Opened(DuckDBConnection connection, TraceLoader.Facts facts, boolean reused) {
    }

    private TraceCache() {
    }

    static Path fileFor(Path trace) {
        return trace.resolveSibling(trace.getFileName() + ".duckdb");
    }

    /**
     * The trace's cache, reused when current, else built. Null when no cache can be written (the
     * trace's directory is read-only): the caller then loads into memory.
     */
    static Opened open(Path trace, LoadOptions options) throws IOException {
        String key = key(trace, options.payload());
        Path file = fileFor(trace);
        if (Files.isRegularFile(file)) {
            Opened current = reuse(file, key);
            if (current != null) {
                options.progress().accept("using cache " + file);
                return current;
            }
            options.progress().accept("cache " + file + " is out of date: rebuilding it");
        }
        Path tmp = buildingFile(file);
        DuckDBConnection db;
        try {
            deleteWithWal(tmp);
            db = DuckDb.connect(tmp, false);
        } catch (IOException e) {
            options.progress().accept("cannot write a cache beside the trace (" + e.getMessage() + "): loading in memory");
            return null;
        }
        try {
            commit(db, tmp, file, key, TraceLoader.load(trace, db, options), options.progress());
        } catch (IOException | SQLException | RuntimeException e) {
            abandon(db, tmp, e);
            if (e instanceof IOException io) throw io;
            if (e instanceof SQLException sql) throw new IOException(file + ": cannot write cache: " + DuckDb.oneLine(sql), sql);
            throw (RuntimeException) e;
        }
        Opened built = reuse(file, key);
        if (built == null) throw new IOException(file + ": cache written but unreadable");
        return new Opened(built.connection(), built.facts(), false);
    }

    /** Where a cache is built before it is renamed to {@code file}: a name of this process's own. */
    static Path buildingFile(Path file) {
        return file.resolveSibling(file.getFileName() + ".tmp-" + ProcessHandle.current().pid());
    }

    /** Records {@code key} in the cache being built in {@code tmp}, closes it and renames it to {@code file}. */
    static void commit(DuckDBConnection db, Path tmp, Path file, String key, TraceLoader.Facts facts, Consumer<String> progress)
            throws IOException, SQLException {
        writeKey(db, key, facts);
        long start = System.nanoTime();
        try (Statement s = db.createStatement()) {
            s.execute("CHECKPOINT");
        }
        progress.accept(String.format("wrote cache %s in %.2f s", file, (System.nanoTime() - start) / 1e9));
        db.close();
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** Closes and deletes a cache that failed while it was built. */
    static void abandon(DuckDBConnection db, Path tmp, Exception failure) throws IOException {
        DuckDb.closeQuietly(db, failure);
        deleteWithWal(tmp);
    }

    /** True when {@code trace} has a cache file that {@link #open} would reuse. */
    static boolean isCurrent(Path trace, LoadOptions options) throws IOException {
        Path file = fileFor(trace);
        if (!Files.isRegularFile(file)) return false;
        Opened current = reuse(file, key(trace, options.payload()));
        if (current == null) return false;
        try {
            current.connection().close();
        } catch (SQLException e) {
            throw new IOException(file + ": " + DuckDb.oneLine(e), e);
        }
        return true;
    }

    /** The cache opened read-only when its key is {@code key}; null (and closed) otherwise. */
    private static Opened reuse(Path file, String key) throws IOException {
        DuckDBConnection db;
        try {
            db = DuckDb.connect(file, true);
        } catch (IOException e) {
            return null;
        }
        try (Statement s = db.createStatement();
             ResultSet r = s.executeQuery("SELECT key, rows, torn_bytes FROM " + KEY_TABLE)) {
            if (r.next() && key.equals(r.getString(1))) {
                return new Opened(db, new TraceLoader.Facts(r.getLong(2), r.getLong(3)), true);
            }
        } catch (SQLException e) {
            // Not a cache of ours, or from another version: rebuild.
        }
        try {
            db.close();
        } catch (SQLException e) {
            throw new IOException(file + ": " + DuckDb.oneLine(e), e);
        }
        return null;
    }

    private static void writeKey(DuckDBConnection db, String key, TraceLoader.Facts facts) throws SQLException {
        try (Statement s = db.createStatement()) {
            s.execute("CREATE TABLE " + KEY_TABLE + " (key VARCHAR, rows BIGINT, torn_bytes BIGINT)");
        }
        try (PreparedStatement p = db.prepareStatement("INSERT INTO " + KEY_TABLE + " VALUES (?, ?, ?)")) {
            p.setString(1, key);
            p.setLong(2, facts.rows());
            p.setLong(3, facts.tornBytes());
            p.execute();
        }
    }

    /** Tables the loader makes besides the SQL modules; bump when they change. */
    private static final int LOADER_TABLES = 3;

    /** What the cache must match: the trace file, the SQL that built it, DuckDB, the payload choice. */
    static String key(Path trace, boolean payload) throws IOException {
        return "size=" + Files.size(trace) + ";mtime=" + Files.getLastModifiedTime(trace) + ";sql=" + sqlHash()
                + ";loader=" + LOADER_TABLES
                + ";duckdb=" + DuckDBConnection.class.getPackage().getImplementationVersion() + ";payload=" + payload;
    }

    /**
     * A checksum of the SQL and the type table. CRC-32C, not a message digest: it only tells versions
     * apart, and setting up the JDK's security providers for SHA-256 cost a cached query 60 ms.
     */
    private static String sqlHash() {
        CRC32C crc = new CRC32C();
        for (String m : SqlModules.MODULES) crc.update(SqlModules.source(m).getBytes(StandardCharsets.UTF_8));
        crc.update(Arrays.toString(CtrlType.values()).getBytes(StandardCharsets.UTF_8));
        return Long.toHexString(crc.getValue());
    }

    static void deleteWithWal(Path file) throws IOException {
        Files.deleteIfExists(file);
        Files.deleteIfExists(file.resolveSibling(file.getFileName() + ".wal"));
    }
}
