package vgtrace.ui.data;

import java.util.List;

/**
 * The first rows of a query's result, values converted for display (numbers stay numbers for charts).
 *
 * @param truncated the query returned more rows than were kept
 */
public record QueryResult(List<String> columns, List<List<Object>> rows, boolean truncated, long elapsedNs) {

    public QueryResult {
        columns = List.copyOf(columns);
        rows = List.copyOf(rows);
    }

    /** The result of a statement that returns no rows. */
    public static QueryResult none(long elapsedNs) {
        return new QueryResult(List.of(), List.of(), false, elapsedNs);
    }
}
