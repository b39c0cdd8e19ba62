package vgtrace.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import vgtrace.analyzer.LiveCache;
import vgtrace.capture.ImportReport;
import vgtrace.capture.Importer;
import vgtrace.capture.ftrace.FtraceImporter;
import vgtrace.capture.qemu.QemuTraceImporter;
import vgtrace.core.trace.TraceMetadata;
import vgtrace.core.trace.TraceWriter;
import vgtrace.core.trace.WriterOptions;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "import", description = "Turn a VM's own trace logs into a vgtrace trace.",
        subcommands = {ImportCommand.Ftrace.class, ImportCommand.QemuTrace.class})
final class ImportCommand {

    /** What both importers share: the input, the output, strictness, and the report. */
    abstract static class Base implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "LOG", description = "The log file, or - for standard input.")
        String input;

        @Option(names = {"-o", "--output"}, paramLabel = "TRACE", required = true, description = "The trace file to write (.arrows).")
        Path output;

        @Option(names = "--strict", description = "Fail on the first malformed line instead of counting it.")
        boolean strict;

        @Option(names = "--force", description = "Replace OUTPUT if it exists.")
        boolean force;

        @Mixin
        CacheWhileWriting cacheWhileWriting;

        abstract String source();

        abstract String hint();

        abstract Importer importer();

        @Override
        public Integer call() throws IOException {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            CaptureChecks.output(output, force); // before a long import, not after it (checked again at the end)
            try (LiveCache cache = cacheWhileWriting.start(output, err, false, false)) {
                importTo(cache, out, err);
                CacheWhileWriting.commit(cache, output);
            }
            return ExitCode.OK;
        }

        /** Imports into a file beside OUTPUT and moves it into place. */
        private void importTo(LiveCache cache, PrintWriter out, PrintWriter err) throws IOException {
            ImportReport report;
            Path tmp = output.resolveSibling(output.getFileName() + ".partial");
            try (InputStream in = open();
                 TraceWriter writer = TraceWriter.create(tmp, TraceMetadata.of(source()).with("imported_from", input),
                         WriterOptions.DEFAULTS.withOverwrite(true).withBackground(true), cache);
                 Progress progress = new Progress("import", writer, err)) {
                report = importer().importFrom(in, input, progress);
            } catch (IOException | RuntimeException e) {
                Files.deleteIfExists(tmp);
                throw e;
            }
            report.malformedExamples().forEach(ex -> err.println("vgtrace: malformed: " + ex));
            report.warnings().forEach(w -> err.println("vgtrace: warning: " + w));
            if (report.rows() == 0) {
                Files.deleteIfExists(tmp);
                throw new UserInputException("no virtio-gpu events in " + input + " (" + report.summary() + "): " + hint());
            }
            if (Files.exists(output) && !force) {
                Files.deleteIfExists(tmp);
                throw new UserInputException(output + " exists: use --force to replace it");
            }
            Files.move(tmp, output, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            out.printf("wrote %s: %s%n", output, report.summary());
            out.flush();
        }

        private InputStream open() throws IOException {
            if (input.equals("-")) return System.in;
            try {
                return Files.newInputStream(Path.of(input));
            } catch (NoSuchFileException e) {
                throw new UserInputException("no such file: " + input);
            }
        }
    }

    @Command(name = "ftrace", description = {
            "Import a guest's virtio_gpu tracepoints.",
            "",
            "Reads tracefs 'trace' text or 'trace-cmd report' output of Linux 6.1 (7 fields) and 6.3+ (with seqno), "
                    + "and vgtrace's header probes, which add the exact ring index. "
                    + "Commands are paired with responses by seqno, else by fence, else by queue order; "
                    + "each response row says which."})
    static final class Ftrace extends Base {
        @Override
        String source() {
            return "ftrace";
        }

        @Override
        String hint() {
            return "is it a guest's tracefs trace with events/virtio_gpu enabled?";
        }

        @Override
        Importer importer() {
            return new FtraceImporter(strict);
        }
    }

    @Command(name = "qemu-trace", description = {
            "Import QEMU's host-side virtio-gpu trace log.",
            "",
            "Reads the output of -trace 'virtio_gpu_*' -D FILE (QEMU 7.2 and 10.x). "
                    + "Run QEMU with -msg timestamp=on so that lines carry times."})
    static final class QemuTrace extends Base {
        @Override
        String source() {
            return "qemu-trace";
        }

        @Override
        String hint() {
            return "is it QEMU's log from -trace 'virtio_gpu_*' -D FILE?";
        }

        @Override
        Importer importer() {
            return new QemuTraceImporter(strict);
        }
    }
}
