package vgtrace.ui.data;

import vgtrace.core.protocol.CtrlType;

import java.util.ArrayList;
import java.util.List;

/**
 * What the message table shows: all rows, or those of one type, only failures, and any SQL predicate
 * over the trace's columns ({@code messages_raw}: ctx_id, ring_idx, fence_id, resource_id...; the
 * user's own database, so it is passed as typed). The table reads {@code messages_raw} rather than the
 * {@code messages} view: on a 10M-row trace the view's join made counting and paging take seconds.
 *
 * @param typeName   a type name (SUBMIT_3D, or 0x400 for an undefined type) or null for any
 * @param errorsOnly only error responses and the commands they answered
 * @param predicate  an SQL boolean expression, or blank
 */
public record MessageFilter(String typeName, boolean errorsOnly, String predicate) {

    public static final MessageFilter ALL = new MessageFilter(null, false, "");

    public MessageFilter {
        predicate = predicate == null ? "" : predicate.strip();
    }

    /** The WHERE clause (with a leading space), or an empty string; the type goes in as parameter 1. */
    String where() {
        List<String> terms = new ArrayList<>();
        if (typeName != null) terms.add("type = ?");
        if (errorsOnly) {
            // An error response is the analyzer's: a code of kind RESPONSE_ERR in ctrl_types (CtrlType's kinds).
            String failed = "type IN (SELECT code FROM ctrl_types WHERE kind = 'RESPONSE_ERR')";
            terms.add("((kind = 'RESPONSE' AND " + failed + ") OR seq IN (SELECT pair_seq FROM messages_raw"
                    + " WHERE kind = 'RESPONSE' AND " + failed + "))");
        }
        if (!predicate.isEmpty()) terms.add("(" + predicate + ")");
        return terms.isEmpty() ? "" : " WHERE " + String.join(" AND ", terms);
    }

    /** The wire code of a type name as {@link CtrlType#nameOf} prints it. */
    static int typeCode(String name) {
        if (name.startsWith("0x")) return Integer.parseUnsignedInt(name.substring(2), 16);
        return CtrlType.valueOf(name).code();
    }

    /** The query parameters that {@link #where()} expects, in order, followed by {@code more}. */
    Object[] params(Object... more) {
        List<Object> p = new ArrayList<>();
        if (typeName != null) p.add(typeCode(typeName));
        p.addAll(List.of(more));
        return p.toArray();
    }
}
