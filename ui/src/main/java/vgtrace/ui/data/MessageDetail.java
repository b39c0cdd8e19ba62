package vgtrace.ui.data;

import java.util.Map;
import java.util.OptionalLong;

/**
 * Everything the inspector shows about one row besides its table columns.
 *
 * @param payload  the exact wire bytes (COMMAND/RESPONSE) or guest bytes (MEMORY); empty when none
 *                 (imported traces hold the fields their logs name, not wire bytes)
 * @param columns  the row's non-null trace columns by name, in schema order, payload excluded
 * @param partner  the paired response of a command, or the command of a response
 * @param text     a NOTE's text or a decode error recorded at capture; null when none
 */
public record MessageDetail(MessageRow row, byte[] payload, Map<String, Object> columns, OptionalLong partner,
                            String text) {
}
