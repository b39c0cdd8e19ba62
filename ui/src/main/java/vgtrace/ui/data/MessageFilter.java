package vgtrace.ui.data;

import java.util.ArrayList;
import java.util.List;

/**
 * What the message table shows: all rows, or those of one type, only failures, and any SQL predicate
 * over the {@code messages} view's columns (the user's own database, so it is passed as typed).
 *
 * @param typeName   a type name (SUBMIT_3D) or null for any
 * @param errorsOnly only error responses and the commands they answered
 * @param predicate  an SQL boolean expression, or blank
 */
public record MessageFilter(String typeName, boolean errorsOnly, String predicate) {

    public static final MessageFilter ALL = new MessageFilter(null, false, "");

    public MessageFilter {
        predicate = predicate == null ? "" : predicate.strip();
    }

    /** The WHERE clause (with a leading space), or an empty string; {@code typeName} goes in as parameter 1. */
    String where() {
        List<String> terms = new ArrayList<>();
        if (typeName != null) terms.add("type_name = ?");
        if (errorsOnly) {
            terms.add("(type_kind = 'RESPONSE_ERR' OR seq IN (SELECT pair_seq FROM messages_raw"
                    + " WHERE kind = 'RESPONSE' AND type >= " + DuckTimelineSource.ERR_FIRST
                    + " AND type < " + DuckTimelineSource.ERR_END + "))");
        }
        if (!predicate.isEmpty()) terms.add("(" + predicate + ")");
        return terms.isEmpty() ? "" : " WHERE " + String.join(" AND ", terms);
    }

    /** The query parameters that {@link #where()} expects, in order, followed by {@code more}. */
    Object[] params(Object... more) {
        List<Object> p = new ArrayList<>();
        if (typeName != null) p.add(typeName);
        p.addAll(List.of(more));
        return p.toArray();
    }
}
