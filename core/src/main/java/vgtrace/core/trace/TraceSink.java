package vgtrace.core.trace;

import java.io.IOException;

/** Where a capture source or importer puts its rows: a trace writer, or a collector in tests. */
@FunctionalInterface
public interface TraceSink {
    void append(TraceEvent event) throws IOException;
}
