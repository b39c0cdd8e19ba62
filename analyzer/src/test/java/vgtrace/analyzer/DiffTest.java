package vgtrace.analyzer;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Diff tests in the Perfetto style: {@link KnownTrace}, a query in {@code diff/NAME.sql} and its
 * expected CSV in {@code diff/NAME.csv} (checked by hand against the trace's description).
 */
class DiffTest extends KnownTraceDatabase {

    @ParameterizedTest
    @ValueSource(strings = {"fence_retirement", "rings_summary", "blob_leaks", "errors_with_command",
            "resources_generations"})
    void queryGivesExpectedCsv(String name) throws Exception {
        StringWriter csv = new StringWriter();
        try (Statement s = db.connection().createStatement(); ResultSet r = s.executeQuery(resource(name + ".sql"))) {
            ResultWriter.write(r, ResultFormat.CSV, new PrintWriter(csv));
        }
        String actual = csv.toString();
        if (Boolean.getBoolean("vgtrace.diff.print")) System.out.println("== " + name + "\n" + actual);
        assertEquals(resource(name + ".csv"), actual);
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = DiffTest.class.getResourceAsStream("diff/" + name)) {
            if (in == null) return "(missing diff/" + name + ")";
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
