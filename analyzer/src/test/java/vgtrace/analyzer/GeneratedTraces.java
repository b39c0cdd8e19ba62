package vgtrace.analyzer;

import vgtrace.core.synth.SyntheticTrace;
import vgtrace.core.synth.TraceGenerator;
import vgtrace.core.trace.TraceMetadata;
import vgtrace.core.trace.TraceWriter;
import vgtrace.core.trace.WriterOptions;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Generated traces for the tests that compare the loader's tables with SQL references. */
final class GeneratedTraces {

    private GeneratedTraces() {
    }

    /** The bundled sample traces, then one generated trace per spec written into {@code dir}. */
    static Stream<Path> withSamples(Path dir, WriterOptions options, SyntheticTrace... specs) throws IOException {
        List<Path> generated = new ArrayList<>();
        for (SyntheticTrace spec : specs) generated.add(write(dir, spec, options));
        return Stream.concat(SampleTracesTest.samples(), generated.stream());
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
