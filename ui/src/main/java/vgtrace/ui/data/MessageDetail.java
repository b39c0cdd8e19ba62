package vgtrace.ui.data;

import java.util.OptionalLong;

/**
 * Everything the inspector shows about one row besides its table columns.
 *
 * @param payload  the exact wire bytes (COMMAND/RESPONSE) or guest bytes (MEMORY); empty when none
 * @param partner  the paired response of a command, or the command of a response
 * @param text     a NOTE's text or a decode error recorded at capture; null when none
 */
public record MessageDetail(MessageRow row, byte[] payload, OptionalLong partner, String text) {
}
