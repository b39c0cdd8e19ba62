package vgtrace.capture;

import vgtrace.core.trace.TraceSink;

import java.io.IOException;
import java.io.InputStream;

/**
 * A text log of virtio-gpu events that becomes trace rows (guest tracepoints, QEMU's trace log).
 * Implementations read through {@link LineLoop}, so every importer bounds, counts and reports its
 * lines alike; bad lines are counted, or fatal with {@code --strict}.
 */
public interface Importer {

    /** Reads the whole log and appends its rows to {@code sink}; {@code inputName} names it in reports. */
    ImportReport importFrom(InputStream log, String inputName, TraceSink sink) throws IOException;
}
