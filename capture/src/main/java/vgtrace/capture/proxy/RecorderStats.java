package vgtrace.capture.proxy;

/**
 * What the recorder did so far.
 *
 * @param rowsRecorded rows handed to the recorder (seq numbers used)
 * @param rowsWritten  rows the writer accepted
 * @param rowsLost     rows dropped: queue full (slow disk) or the writer failed
 * @param failure      the write error that stopped recording, or {@code null}
 */
public record RecorderStats(long rowsRecorded, long rowsWritten, long rowsLost, String failure) {
}
