package vgtrace.analyzer;

import vgtrace.core.protocol.CtrlType;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;

/** The {@code ctrl_types} table, built from {@link CtrlType} so that type names have one source. */
final class CtrlTypesTable {

    private CtrlTypesTable() {
    }

    static void create(Connection db) throws SQLException {
        try (Statement s = db.createStatement()) {
            s.execute("CREATE TABLE ctrl_types (code INTEGER PRIMARY KEY, name VARCHAR NOT NULL, "
                    + "kind VARCHAR NOT NULL, is_command BOOLEAN NOT NULL)");
        }
        try (PreparedStatement insert = db.prepareStatement("INSERT INTO ctrl_types VALUES (?, ?, ?, ?)")) {
            for (CtrlType t : CtrlType.values()) {
                insert.setInt(1, t.code());
                insert.setString(2, t.name());
                insert.setString(3, t.kind().name());
                insert.setBoolean(4, t.isCommand());
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }
}
