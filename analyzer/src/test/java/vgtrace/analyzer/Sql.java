package vgtrace.analyzer;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** Query results as '|'-joined strings, for compact assertions. */
final class Sql {

    private Sql() {
    }

    static List<String> rows(TraceDatabase db, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement s = db.connection().createStatement(); ResultSet r = s.executeQuery(sql)) {
            int n = r.getMetaData().getColumnCount();
            while (r.next()) {
                StringBuilder line = new StringBuilder();
                for (int i = 1; i <= n; i++) {
                    if (i > 1) line.append('|');
                    line.append(r.getObject(i));
                }
                out.add(line.toString());
            }
        }
        return out;
    }
}
