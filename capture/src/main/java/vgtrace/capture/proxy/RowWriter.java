package vgtrace.capture.proxy;

import vgtrace.core.trace.TraceEvent;
import vgtrace.core.trace.TraceWriter;

import java.io.IOException;

/** Where the recorder thread puts rows: a {@link TraceWriter}, or a stand-in in tests (slow, failing). */
public interface RowWriter extends AutoCloseable {

    void append(TraceEvent event) throws IOException;

    /** Called about every {@link Recorder#TICK_MS} ms: write a batch that has waited long enough. */
    void tick(long nowNs) throws IOException;

    /** Rows that reached the file (appended rows wait in a batch until it is written). */
    long rowsInFile();

    @Override
    void close() throws IOException;

    static RowWriter of(TraceWriter writer) {
        return new RowWriter() {
            @Override
            public void append(TraceEvent event) throws IOException {
                writer.append(event);
            }

            @Override
            public void tick(long nowNs) throws IOException {
                writer.flushIfOlderThan(nowNs);
            }

            @Override
            public long rowsInFile() {
                return writer.rowsWritten();
            }

            @Override
            public void close() throws IOException {
                writer.close();
            }
        };
    }
}
