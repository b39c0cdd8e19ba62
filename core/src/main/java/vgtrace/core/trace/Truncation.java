package vgtrace.core.trace;

/**
 * How a trace stream ended early: the writer died (or is still writing) before its end-of-stream
 * marker. Every row counted here was read in full; what followed them was lost.
 *
 * @param rowsRead        rows in the complete batches that were read
 * @param lastCompleteSeq seq of the last of them, {@link TraceEvent#NO_SEQ} when there were none
 * @param tornBytes       bytes after the last complete batch (the torn one's start to the end of the file)
 * @param message         what the reader found at the end, one line
 */
public record Truncation(long rowsRead, long lastCompleteSeq, long tornBytes, String message) {
}
