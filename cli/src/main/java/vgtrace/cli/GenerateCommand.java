package vgtrace.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import vgtrace.analyzer.LiveCache;
import vgtrace.core.synth.SyntheticTrace;
import vgtrace.core.synth.TraceGenerator;
import vgtrace.core.trace.TraceMetadata;
import vgtrace.core.trace.TraceWriter;
import vgtrace.core.trace.WriterOptions;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "generate", description = {
        "Write a synthetic trace for tests and benchmarks.",
        "",
        "The trace is protocol-valid: every message type, fenced submits on several (context, ring) timelines, "
                + "transfers with the guest memory they read, blobs, leaks and errors. "
                + "Real traces come from 'capture' and 'import'.",
        "",
        "--shape real writes what a long real session looks like instead of the steady mix: client sessions "
                + "that create and destroy contexts, resources and blobs, so the same ids come back thousands "
                + "of times, with fences on four timelines."})
final class GenerateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = {"-n", "--messages"}, paramLabel = "N", description = "About this many commands and responses (default: ${DEFAULT-VALUE}).")
    long messages = 10_000;

    @Option(names = {"-o", "--output"}, paramLabel = "TRACE", required = true, description = "The trace file to write (.arrows).")
    Path output;

    @Option(names = "--seed", description = "Random seed; the same seed gives the same trace (default: ${DEFAULT-VALUE}).")
    long seed = 1;

    @Option(names = "--shape", paramLabel = "SHAPE", description = "mixed (steady mix, new ids) or real (sessions reusing ids) (default: mixed).")
    String shape = "mixed";

    @Option(names = "--contexts", description = "Contexts (default: 3).")
    Integer contexts;

    @Option(names = "--rings", description = "Rings per context (default: 4 for mixed, 1 for real).")
    Integer rings;

    @Option(names = "--force", description = "Replace OUTPUT if it exists.")
    boolean force;

    @Mixin
    CacheWhileWriting cacheWhileWriting;

    @Override
    public Integer call() throws IOException {
        SyntheticTrace synth;
        try {
            SyntheticTrace base = switch (shape) {
                case "mixed" -> SyntheticTrace.of(messages, seed);
                case "real" -> SyntheticTrace.real(messages, seed);
                default -> throw new IllegalArgumentException("--shape is mixed or real, not " + shape);
            };
            synth = new SyntheticTrace(messages, seed, contexts != null ? contexts : base.contexts(),
                    rings != null ? rings : base.ringsPerContext(), base.errorEvery(), base.leakEvery(), base.shape());
        } catch (IllegalArgumentException e) {
            throw new UserInputException(ExitCode.USAGE, e.getMessage());
        }
        TraceMetadata meta = TraceMetadata.of("generator").with("generator.seed", Long.toString(seed))
                .with("generator.shape", shape);
        PrintWriter err = spec.commandLine().getErr();
        try (LiveCache cache = cacheWhileWriting.start(output, err, true, false)) {
            try (TraceWriter writer = TraceWriter.create(output, meta, WriterOptions.DEFAULTS.withOverwrite(force).withBackground(true), cache);
                 Progress progress = new Progress("generate", writer, err)) {
                new TraceGenerator(synth, progress).run();
                spec.commandLine().getOut().printf("wrote %s: %,d rows in %.1f s%n", output, progress.rows(), progress.seconds());
            }
            CacheWhileWriting.commit(cache, output);
        }
        return ExitCode.OK;
    }
}
