package vgtrace.analyzer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The scale bench has a representative query for every SQL module, and each runs. */
class AnalyzerBenchTest {

    @Test
    void everyModuleHasAnAggregateThatRuns(@TempDir Path dir) throws Exception {
        assertEquals(SqlModules.MODULES, AnalyzerBench.AGGREGATES.keySet().stream().toList());
        try (TraceDatabase db = TraceDatabase.open(KnownTrace.write(dir.resolve("known.arrows")), LoadOptions.IN_MEMORY)) {
            for (String sql : AnalyzerBench.AGGREGATES.values()) {
                assertDoesNotThrow(() -> Sql.rows(db, sql), sql);
            }
        }
    }
}
