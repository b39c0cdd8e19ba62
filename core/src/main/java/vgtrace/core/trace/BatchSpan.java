package vgtrace.core.trace;

/**
 * Where one record batch of a trace starts in the file and which rows it holds: enough to come back
 * to a row later without reading the file from the start ({@link TraceReader#seek(BatchSpan)}).
 *
 * @param fileOffset byte offset of the batch's message in the file
 * @param firstSeq   seq of its first row
 * @param lastSeq    seq of its last row
 */
public record BatchSpan(long fileOffset, long firstSeq, long lastSeq) {
}
