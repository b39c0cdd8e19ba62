package vgtrace.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import vgtrace.analyzer.PerfettoExporter;
import vgtrace.analyzer.TableExporter;
import vgtrace.analyzer.TraceDatabase;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.concurrent.Callable;

@Command(name = "export", description = {
        "Write a trace for other tools.",
        "",
        "perfetto: Chrome trace-event JSON for ui.perfetto.dev or chrome://tracing: a track per queue",
        "          and per (context, ring) with fence spans.",
        "parquet, csv: the raw rows, or a view with --view.",
        "",
        "Example: vgtrace export t.arrows --format perfetto -o t.json"})
final class ExportCommand implements Callable<Integer>, OpensTraceDatabase {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "TRACE", description = "A vgtrace trace file (.arrows).")
    Path trace;

    @Option(names = "--format", required = true, paramLabel = "FORMAT", description = "perfetto, parquet or csv.")
    String format;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "FILE", description = "The file to write (replaced if it exists).")
    Path output;

    @Option(names = "--view", paramLabel = "NAME", description = "For parquet and csv: the table or view to write (default: messages_raw).")
    String view = "messages_raw";

    @Mixin
    TraceDatabaseOptions database;

    @Override
    public Integer call() throws IOException {
        if (!TableExporter.exportable().contains(view)) {
            throw new UserInputException(ExitCode.USAGE, "unknown view '" + view + "'; one of " + String.join(", ", TableExporter.exportable()));
        }
        TraceDatabaseOptions.checkParent(output);
        PrintWriter err = spec.commandLine().getErr();
        try (TraceDatabase db = database.open(trace, err)) {
            switch (format) {
                case "perfetto" -> {
                    PerfettoExporter.Summary s = PerfettoExporter.export(db, output, TraceDatabaseOptions.progress(trace, err));
                    err.printf("vgtrace: wrote %,d events on %d tracks to %s%n", s.events(), s.tracks(), output);
                }
                case "parquet", "csv" -> {
                    long rows = TableExporter.export(db, view, format.equals("csv") ? TableExporter.Format.CSV
                            : TableExporter.Format.PARQUET, output);
                    err.printf("vgtrace: wrote %,d rows of %s to %s%n", rows, view, output);
                }
                default -> throw new UserInputException(ExitCode.USAGE, "unknown format '" + format + "'; one of perfetto, parquet, csv");
            }
        } catch (SQLException e) {
            throw TraceDatabaseOptions.sqlError(ExitCode.BAD_INPUT, e);
        }
        return ExitCode.OK;
    }
}
