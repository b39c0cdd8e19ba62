package vgtrace.capture.proxy;

/**
 * What the recorder did so far.
 *
 * @param rowsRecorded rows handed to the recorder (seq numbers used)
 * @param rowsWritten  rows in the file (once a write failed; before that, rows the writer accepted,
 *                     which reach the file when their batch is written)
 * @param rowsLost     rows dropped: queue full (slow disk), or not in the file after the writer failed
 * @param failure      the write error that stopped recording, or {@code null}
 */
public record RecorderStats(long rowsRecorded, long rowsWritten, long rowsLost, String failure) {
}
