package vgtrace.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import vgtrace.analyzer.AnalyzerBench;
import vgtrace.capture.ftrace.FtraceImportBench;
import vgtrace.core.bench.DecodeBench;
import vgtrace.core.bench.DecoderFuzz;
import vgtrace.core.bench.FuzzResult;
import vgtrace.core.bench.TraceBench;
import vgtrace.core.bench.VirtqFuzz;
import vgtrace.core.synth.SyntheticTrace;
import vgtrace.core.trace.TraceCompression;
import vgtrace.replay.engine.ReplayBench;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "bench", description = {
        "Measure vgtrace itself and print the figures.",
        "",
        "Figures from a busy or small machine vary: run twice and keep the second."},
        subcommands = {BenchCommand.Codec.class, BenchCommand.Fuzz.class, BenchCommand.Trace.class,
                BenchCommand.Import.class, BenchCommand.Analyzer.class, BenchCommand.Replay.class})
final class BenchCommand {

    @Command(name = "codec", description = "Decode and encode speed of the virtio-gpu codec.")
    static final class Codec implements Runnable {
        @Spec
        CommandSpec spec;

        @Option(names = "--seconds", description = "Measuring time per figure; the JIT needs a few (default: ${DEFAULT-VALUE}).")
        double seconds = 8;

        @Override
        public void run() {
            DecodeBench.Figures f = DecodeBench.measure(10_000, seconds, 1);
            PrintWriter out = spec.commandLine().getOut();
            out.printf("decode %,.0f messages/s (%,.0f MB/s)%n", f.decodePerSecond(), f.decodeMegabytesPerSecond());
            out.printf("encode %,.0f messages/s%n", f.encodePerSecond());
        }
    }

    @Command(name = "fuzz", description = "Fuzz the decoders of untrusted bytes: the codec and the virtqueue walker.")
    static final class Fuzz implements Runnable {
        @Spec
        CommandSpec spec;

        @Option(names = "--inputs", description = "Inputs per decoder (default: ${DEFAULT-VALUE}).")
        long inputs = 1_000_000;

        @Option(names = "--seed", description = "Seed (default: ${DEFAULT-VALUE}).")
        long seed = 1;

        @Override
        public void run() {
            PrintWriter out = spec.commandLine().getOut();
            long t0 = System.nanoTime();
            FuzzResult codec = DecoderFuzz.run(inputs, seed);
            out.printf("codec:    %,d inputs, %,d decoded, %,d rejected, %,d unexpected (%.1f s)%s%n", codec.inputs(),
                    codec.decoded(), codec.rejected(), codec.unexpected(), (System.nanoTime() - t0) / 1e9,
                    codec.unexpected() > 0 ? "; first: " + codec.firstUnexpected() : "");
            long t1 = System.nanoTime();
            VirtqFuzz.Report ring = VirtqFuzz.run(inputs, seed);
            out.printf("virtqueue: %,d inputs, %,d walks: %,d chains, %,d faults, %,d unexpected (%.1f s)%s%n",
                    ring.inputs(), ring.walks(), ring.chains(), ring.faults(), ring.unexpected(),
                    (System.nanoTime() - t1) / 1e9, ring.unexpected() > 0 ? "; first: " + ring.firstUnexpected() : "");
            if (codec.unexpected() + ring.unexpected() > 0) {
                throw new UserInputException(ExitCode.INTERNAL, "fuzzing found unexpected exceptions");
            }
        }
    }

    @Command(name = "trace", description = "Trace write and read speed and size for header-like rows, with each compression.")
    static final class Trace implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--rows", description = "Rows (default: ${DEFAULT-VALUE}).")
        long rows = 10_000_000;

        @Option(names = "--dir", description = "Where to write the temporary file (default: the system temp dir).")
        Path dir = Path.of(System.getProperty("java.io.tmpdir"));

        @Option(names = "--codec", split = ",", description = "Compressions to measure, of ${COMPLETION-CANDIDATES} "
                + "(default: NONE,ZSTD_1,ZSTD; LZ4_FRAME writes about a thousand rows a second).")
        List<TraceCompression> codecs = List.of(TraceCompression.NONE, TraceCompression.ZSTD_1, TraceCompression.ZSTD);

        @Override
        public Integer call() throws IOException {
            PrintWriter out = spec.commandLine().getOut();
            for (TraceCompression c : codecs) {
                TraceBench.Result r = TraceBench.run(rows, dir, c);
                out.printf("%-9s write %,10.0f rows/s; read %,10.0f rows/s as events, %,10.0f rows/s as Arrow batches; file %,d bytes (%.1f bytes/row)%n",
                        c, r.writeRowsPerSec(), r.readRowsPerSec(), r.batchRowsPerSec(), r.fileBytes(), (double) r.fileBytes() / r.rows());
                out.flush();
            }
            return ExitCode.OK;
        }
    }

    @Command(name = "import", description = {"ftrace import speed on a generated guest log.",
            "",
            "--real repeats the bundled log of a Linux 6.12 guest (samples/logs/rings) and times the whole import "
                    + "into a trace file, as 'vgtrace import ftrace' does; --log keeps that log so the command can be timed too."})
    static final class Import implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--lines", description = "Log lines (default: ${DEFAULT-VALUE}).")
        long lines = 4_000_000;

        @Option(names = "--real", description = "A real-shaped log, imported into a trace file.")
        boolean real;

        @Option(names = "--log", paramLabel = "FILE", description = "With --real: write the log here and keep it.")
        Path log;

        @Option(names = "--dir", description = "Where to write the temporary log and trace (default: the system temp dir).")
        Path dir = Path.of(System.getProperty("java.io.tmpdir"));

        @Override
        public Integer call() throws IOException {
            if (log != null && !real) throw new UserInputException(ExitCode.USAGE, "--log needs --real");
            PrintWriter out = spec.commandLine().getOut();
            FtraceImportBench.Figures f;
            if (real) {
                Path file = log != null ? log : Files.createTempFile(dir, "vgtrace-bench-", ".ftrace");
                try {
                    f = FtraceImportBench.runReal(lines, file, dir);
                } finally {
                    if (log == null) Files.deleteIfExists(file);
                }
            } else {
                f = FtraceImportBench.run(lines, dir);
            }
            out.printf("ftrace import %,.0f lines/s (%,d lines, %,d rows, %.0f MB/s, %.1f s)%s%n",
                    f.linesPerSecond(), f.lines(), f.rows(), f.bytes() / 1e6 / f.seconds(), f.seconds(),
                    real ? String.format("; trace %,d bytes (%.1f bytes/row)", f.traceBytes(), (double) f.traceBytes() / f.rows()) : "");
            if (log != null) out.printf("log kept: %s (time the command: time ./vgtrace import ftrace %s -o OUT.arrows)%n", log, log);
            return ExitCode.OK;
        }
    }

    @Command(name = "analyzer", description = "Time to make a generated trace queryable, each SQL module's build time, each view's time, peak RSS.")
    static final class Analyzer implements Callable<Integer> {
        @Option(names = {"-n", "--messages"}, description = "Messages in the generated trace (default: ${DEFAULT-VALUE}).")
        long messages = 10_000_000;

        @Option(names = "--shape", description = "real (sessions reusing ids, as a long real session) or mixed (default: ${DEFAULT-VALUE}).")
        String shape = "real";

        @Option(names = "--dir", description = "Where to write the trace and its cache (default: the system temp dir).")
        Path dir = Path.of(System.getProperty("java.io.tmpdir"));

        @Override
        public Integer call() throws Exception {
            SyntheticTrace spec = switch (shape) {
                case "real" -> SyntheticTrace.real(messages, 1);
                case "mixed" -> SyntheticTrace.of(messages, 1);
                default -> throw new UserInputException(ExitCode.USAGE, "--shape is real or mixed, not " + shape);
            };
            new AnalyzerBench(System.out).run(spec, dir);
            return ExitCode.OK;
        }
    }

    @Command(name = "replay", description = "In-process virglrenderer replay: small commands/s and speed-up over capture time.")
    static final class Replay implements Callable<Integer> {
        @Option(names = "--commands", description = "Small commands to replay (default: ${DEFAULT-VALUE}).")
        int commands = 200_000;

        @Option(names = "--frames", description = "Frames in the recorded sample (default: ${DEFAULT-VALUE}).")
        int frames = 60;

        @Override
        public Integer call() throws Exception {
            ReplayBench.run(commands, frames, System.out);
            return ExitCode.OK;
        }
    }
}
