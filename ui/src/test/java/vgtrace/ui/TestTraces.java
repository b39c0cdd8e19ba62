package vgtrace.ui;

import vgtrace.core.synth.SyntheticTrace;
import vgtrace.core.synth.TraceGenerator;
import vgtrace.core.trace.TraceMetadata;
import vgtrace.core.trace.TraceWriter;
import vgtrace.core.trace.WriterOptions;
import vgtrace.ui.data.TraceData;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Traces for the UI tests: one generated trace per test JVM, and the committed real samples. */
public final class TestTraces {

    private static Path generated;

    private TestTraces() {
    }

    /** A generated trace of about 20,000 messages (contexts, rings, fences, blobs, leaks, errors). */
    public static synchronized Path generated() {
        if (generated == null) {
            try {
                Path dir = Files.createTempDirectory("vgtrace-ui-test");
                dir.toFile().deleteOnExit();
                Path file = dir.resolve("generated.arrows");
                try (TraceWriter w = TraceWriter.create(file, TraceMetadata.of("generator"), WriterOptions.DEFAULTS)) {
                    new TraceGenerator(new SyntheticTrace(20_000, 11, 3, 4, 200, 5, SyntheticTrace.Shape.MIXED), w).run();
                }
                file.toFile().deleteOnExit();
                generated = file;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return generated;
    }

    /** A committed real trace under samples/traces/. */
    public static Path sample(String name) {
        return Path.of(System.getProperty("vgtrace.repo", "..")).resolve("samples/traces").resolve(name);
    }

    public static TraceData open(Path trace) {
        try {
            return TraceData.open(trace, message -> { });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
