package vgtrace.ui.data;

/**
 * One trace row as the message table shows it. Nullable columns are boxed: null when the row has
 * no such field.
 *
 * @param pairSeq  a response's command, or the command a MEMORY row belongs to
 */
public record MessageRow(long seq, long tsNs, String kind, Integer queue, String typeName, Integer ctxId,
                         Integer ringIdx, Long fenceId, Integer resourceId, Long pairSeq, boolean error) {
}
