package vgtrace.analyzer;

import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import vgtrace.core.trace.TraceColumn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Which of a trace's columns DuckDB stores, and the view that shows all of them. DuckDB's load costs
 * about the same for a column that is null in every row as for a full one, and a header-only import
 * leaves most columns empty: those are left out of table {@code _rows} and read as typed nulls in
 * {@code messages_raw}. {@code payload} is stored only when asked for (then always, for its bytes).
 *
 * @param stored       the select list of the load, in file order
 * @param traceColumns the select list of {@code messages_raw} over {@code _rows}: every trace column
 *                     in file order
 */
record RowsLayout(String stored, String traceColumns) {

    private static final Map<String, TraceColumn> COLUMNS =
            Arrays.stream(TraceColumn.values()).collect(Collectors.toMap(TraceColumn::columnName, Function.identity()));

    static RowsLayout of(Schema schema, Set<String> columnsWithValues, boolean payload) {
        List<String> stored = new ArrayList<>();
        List<String> all = new ArrayList<>();
        for (Field f : schema.getFields()) {
            String name = f.getName();
            String quoted = '"' + name + '"';
            TraceColumn column = COLUMNS.get(name);
            if (column == TraceColumn.PAYLOAD && !payload) continue;
            if (column == null) { // a column the loader added
                stored.add(quoted);
                continue;
            }
            boolean keep = column == TraceColumn.PAYLOAD
                    || column.presence() == TraceColumn.Presence.ALWAYS || columnsWithValues.contains(name);
            if (keep) {
                stored.add(quoted);
                all.add(quoted);
            } else {
                all.add("NULL::" + duckType(column.type()) + " AS " + quoted);
            }
        }
        return new RowsLayout(String.join(", ", stored), String.join(", ", all));
    }

    private static String duckType(TraceColumn.Type type) {
        return switch (type) {
            case INT8 -> "TINYINT";
            case INT16 -> "SMALLINT";
            case INT32 -> "INTEGER";
            case INT64 -> "BIGINT";
            case UTF8 -> "VARCHAR";
            case BINARY -> "BLOB";
            case RANGE_LIST -> "STRUCT(gpa BIGINT, \"length\" BIGINT)[]";
        };
    }
}
