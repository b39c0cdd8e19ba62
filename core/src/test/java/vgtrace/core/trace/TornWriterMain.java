package vgtrace.core.trace;

import vgtrace.core.protocol.CtrlHeader;
import vgtrace.core.protocol.CtrlType;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A writer that never finishes, for the kill -9 test: appends rows forever and prints
 * "flushed N" (N = rows on disk) after each batch reached the file.
 */
public final class TornWriterMain {

    static final int BATCH_ROWS = 500;

    public static void main(String[] args) throws IOException {
        WriterOptions options = WriterOptions.DEFAULTS.withBatchRows(BATCH_ROWS);
        try (TraceWriter w = TraceWriter.create(Path.of(args[0]), TraceMetadata.of("generator"), options)) {
            for (long seq = 0; ; seq++) {
                w.append(TraceEvent.command(seq, seq, 0, CtrlHeader.of(CtrlType.RESOURCE_FLUSH), MessageFields.NONE,
                        new byte[48]));
                if ((seq + 1) % BATCH_ROWS == 0) {
                    System.out.println("flushed " + w.rowsWritten());
                    System.out.flush();
                }
            }
        }
    }
}
