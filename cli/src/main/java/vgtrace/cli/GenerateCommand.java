package vgtrace.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import vgtrace.core.synth.SyntheticTrace;
import vgtrace.core.synth.TraceGenerator;
import vgtrace.core.trace.TraceMetadata;
import vgtrace.core.trace.TraceWriter;
import vgtrace.core.trace.WriterOptions;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "generate", description = {
        "Write a synthetic trace for tests and benchmarks.",
        "",
        "The trace is protocol-valid: every message type, fenced submits on several (context, ring) timelines, "
                + "transfers with the guest memory they read, blobs, leaks and errors. "
                + "Real traces come from 'capture' and 'import'."})
final class GenerateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = {"-n", "--messages"}, paramLabel = "N", description = "About this many commands and responses (default: ${DEFAULT-VALUE}).")
    long messages = 10_000;

    @Option(names = {"-o", "--output"}, paramLabel = "TRACE", required = true, description = "The trace file to write (.arrows).")
    Path output;

    @Option(names = "--seed", description = "Random seed; the same seed gives the same trace (default: ${DEFAULT-VALUE}).")
    long seed = 1;

    @Option(names = "--contexts", description = "Contexts (default: ${DEFAULT-VALUE}).")
    int contexts = 3;

    @Option(names = "--rings", description = "Rings per context (default: ${DEFAULT-VALUE}).")
    int rings = 4;

    @Option(names = "--force", description = "Replace OUTPUT if it exists.")
    boolean force;

    @Override
    public Integer call() throws IOException {
        SyntheticTrace synth;
        try {
            synth = new SyntheticTrace(messages, seed, contexts, rings, 500, 20);
        } catch (IllegalArgumentException e) {
            throw new UserInputException(ExitCode.USAGE, e.getMessage());
        }
        TraceMetadata meta = TraceMetadata.of("generator").with("generator.seed", Long.toString(seed));
        try (TraceWriter writer = TraceWriter.create(output, meta, WriterOptions.DEFAULTS.withOverwrite(force));
             Progress progress = new Progress("generate", writer, spec.commandLine().getErr())) {
            new TraceGenerator(synth, progress).run();
            spec.commandLine().getOut().printf("wrote %s: %,d rows in %.1f s%n", output, progress.rows(), progress.seconds());
        }
        return ExitCode.OK;
    }
}
