package vgtrace.analyzer;

import vgtrace.core.synth.SyntheticTrace;
import vgtrace.core.synth.TraceGenerator;
import vgtrace.core.trace.TraceMetadata;
import vgtrace.core.trace.TraceWriter;
import vgtrace.core.trace.WriterOptions;

import java.io.IOException;
import java.nio.file.Path;

/** Generated traces for the tests that compare the loader's tables with SQL references. */
final class GeneratedTraces {

    private GeneratedTraces() {
    }

    /** Writes the trace {@code spec} describes into {@code dir} (named after its shape and seed). */
    static Path write(Path dir, SyntheticTrace spec, WriterOptions options) throws IOException {
        Path file = dir.resolve(spec.shape() + "-" + spec.seed() + "-" + spec.messages() + ".arrows");
        try (TraceWriter w = TraceWriter.create(file, TraceMetadata.of("generator"), options)) {
            new TraceGenerator(spec, w).run();
        }
        return file;
    }
}
