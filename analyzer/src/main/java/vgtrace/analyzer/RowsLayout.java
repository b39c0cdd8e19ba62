package vgtrace.analyzer;

import org.apache.arrow.vector.types.pojo.ArrowType;
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
 * Which of the loaded columns DuckDB stores, and the views that show all of them. DuckDB's load costs
 * about the same for a column that is null in every row as for a full one, and a header-only import
 * leaves most columns empty (its own and some the loader adds, as the bytes of MEMORY rows): those are
 * left out of table {@code _rows} and read as typed nulls. {@code payload} is stored only when asked
 * for (then always, for its bytes).
 *
 * @param storedColumns the columns stored, in stream order
 * @param traceColumns  the select list of {@code messages_raw} over {@code _rows}: every trace column
 *                     in file order
 * @param addedColumns  the select list of the columns the loader adds ({@link AddedColumns}), in order
 */
record RowsLayout(List<String> storedColumns, String traceColumns, String addedColumns) {

    private static final Map<String, TraceColumn> COLUMNS =
            Arrays.stream(TraceColumn.values()).collect(Collectors.toMap(TraceColumn::columnName, Function.identity()));

    /** @param columnsWithValues the columns, the trace's and the added ones, with a value in some row */
    static RowsLayout of(Schema schema, Set<String> columnsWithValues, boolean payload) {
        List<String> stored = new ArrayList<>();
        List<String> trace = new ArrayList<>();
        List<String> added = new ArrayList<>();
        for (Field f : schema.getFields()) {
            String name = f.getName();
            TraceColumn column = COLUMNS.get(name);
            if (column == TraceColumn.PAYLOAD && !payload) continue;
            boolean keep = column == TraceColumn.PAYLOAD
                    || column != null && column.presence() == TraceColumn.Presence.ALWAYS || columnsWithValues.contains(name);
            String quoted = '"' + name + '"';
            if (keep) stored.add(name);
            (column == null ? added : trace).add(keep ? quoted : "NULL::" + duckType(f) + " AS " + quoted);
        }
        return new RowsLayout(List.copyOf(stored), String.join(", ", trace), String.join(", ", added));
    }

    /** The select list of the load. */
    String stored() {
        return quoted(storedColumns);
    }

    /** Column names as a select list. */
    static String quoted(List<String> columns) {
        return columns.stream().map(name -> '"' + name + '"').collect(Collectors.joining(", "));
    }

    /** The DuckDB type the Arrow scan gives {@code f}'s values. */
    static String duckType(Field f) {
        return switch (f.getType()) {
            case ArrowType.Int i -> switch (i.getBitWidth()) {
                case 8 -> "TINYINT";
                case 16 -> "SMALLINT";
                case 32 -> "INTEGER";
                default -> "BIGINT";
            };
            case ArrowType.Utf8 _ -> "VARCHAR";
            case ArrowType.Binary _ -> "BLOB";
            case ArrowType.List _ -> duckType(f.getChildren().getFirst()) + "[]";
            case ArrowType.Struct _ -> f.getChildren().stream().map(c -> '"' + c.getName() + "\" " + duckType(c))
                    .collect(Collectors.joining(", ", "STRUCT(", ")"));
            default -> throw new IllegalArgumentException("no DuckDB type for " + f);
        };
    }
}
