package vgtrace.analyzer;

import org.duckdb.DuckDBConnection;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/** How vgtrace opens DuckDB (offline, capped, spilling privately) and reports its errors. */
final class DuckDb {

    /** DuckDB's memory cap: keeps the process within the 4 GB goal; a cache build spills to disk. */
    static final String MEMORY_LIMIT = "2GB";

    private DuckDb() {
    }

    /** Initializes DuckDB's JDBC driver, which loads its native library; a failure shows on connecting. */
    static void loadDriver() {
        try {
            Class.forName("org.duckdb.DuckDBDriver");
        } catch (ClassNotFoundException | LinkageError e) {
            // connect() reports it with the trace it was opening
        }
    }

    /**
     * A DuckDB connection that never downloads or loads extensions on its own: in memory when
     * {@code file} is null.
     */
    static DuckDBConnection connect(Path file, boolean readOnly) throws IOException {
        try {
            Properties p = new Properties();
            if (readOnly) p.setProperty("duckdb.read_only", "true");
            Connection c = DriverManager.getConnection("jdbc:duckdb:" + (file == null ? "" : file), p);
            try (Statement s = c.createStatement()) {
                s.execute("SET autoinstall_known_extensions = false");
                s.execute("SET autoload_known_extensions = false");
                s.execute("SET memory_limit = '" + MEMORY_LIMIT + "'");
                s.execute("SET temp_directory = '" + spillDirectory().toString().replace("'", "''") + "'");
            }
            return c.unwrap(DuckDBConnection.class);
        } catch (SQLException e) {
            throw new IOException("cannot open DuckDB" + (file == null ? "" : " file " + file) + ": " + oneLine(e), e);
        }
    }

    /**
     * Where DuckDB spills when it reaches its memory limit: a private directory in the system temp
     * directory (DuckDB's default is {@code .tmp} in the working directory, a repository checkout).
     */
    private static Path spillDirectory() throws IOException {
        Path dir = Path.of(System.getProperty("java.io.tmpdir"), "vgtrace-duckdb-" + System.getProperty("user.name"));
        if (!Files.isDirectory(dir)) {
            try {
                Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            } catch (FileAlreadyExistsException raced) {
                // Another process made it first.
            }
        }
        return dir;
    }

    static long count(Connection db, String sql) throws SQLException {
        try (Statement s = db.createStatement(); ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }

    /** The first line of a DuckDB error, which repeats context over several lines. */
    static String oneLine(Throwable e) {
        String m = String.valueOf(e.getMessage());
        int nl = m.indexOf('\n');
        return (nl < 0 ? m : m.substring(0, nl)).strip();
    }

    static void closeQuietly(Connection db, Exception failure) {
        try {
            db.close();
        } catch (SQLException e) {
            failure.addSuppressed(e);
        }
    }
}
