package vgtrace.replay.engine;

import vgtrace.core.trace.TraceEvent;
import vgtrace.core.trace.TraceMetadata;
import vgtrace.core.trace.TraceReader;
import vgtrace.core.trace.TraceWriter;
import vgtrace.core.trace.WriterOptions;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/** Reads and rewrites whole (small) traces for tests that damage one row. */
final class Traces {

    private Traces() {
    }

    static List<TraceEvent> rows(Path trace) throws IOException {
        List<TraceEvent> rows = new ArrayList<>();
        try (TraceReader r = TraceReader.open(trace)) {
            while (r.hasNext()) rows.add(r.next());
        }
        return rows;
    }

    /** Copies {@code from} to {@code to}, passing every row through {@code edit}. */
    static Path rewrite(Path from, Path to, UnaryOperator<TraceEvent> edit) throws IOException {
        TraceMetadata meta;
        try (TraceReader r = TraceReader.open(from)) {
            meta = r.metadata();
        }
        try (TraceWriter w = TraceWriter.create(to, meta, WriterOptions.DEFAULTS.withOverwrite(true))) {
            for (TraceEvent e : rows(from)) w.append(edit.apply(e));
        }
        return to;
    }
}
