package vgtrace.analyzer;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.SQLException;

/** Test classes that query the hand-built trace with known answers ({@link KnownTrace}), loaded once per class. */
abstract class KnownTraceDatabase {

    @TempDir
    static Path dir;
    static TraceDatabase db;

    @BeforeAll
    static void load() throws Exception {
        db = TraceDatabase.open(KnownTrace.write(dir.resolve("known.arrows")), LoadOptions.IN_MEMORY);
    }

    @AfterAll
    static void close() throws SQLException {
        db.close();
    }
}
