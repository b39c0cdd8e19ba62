package vgtrace.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import vgtrace.analyzer.ReportWriter;
import vgtrace.analyzer.TraceDatabase;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "report", description = {
        "Write an offline HTML report with PNG charts: fence latency per ring, queue depth over time,",
        "command mix, blob lifetimes, leaks, errors.",
        "",
        "Example: vgtrace report t.arrows -o report/   (then open report/index.html)"})
final class ReportCommand implements Callable<Integer>, OpensTraceDatabase {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "TRACE", description = "A vgtrace trace file (.arrows).")
    Path trace;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "DIR", description = "Directory for index.html and the charts (created if missing).")
    Path dir;

    @Mixin
    TraceDatabaseOptions database;

    @Override
    public Integer call() throws IOException {
        PrintWriter err = spec.commandLine().getErr();
        try (TraceDatabase db = database.open(trace, err)) {
            List<Path> files = ReportWriter.write(db, dir, TraceDatabaseOptions.progress(trace, err));
            err.printf("vgtrace: wrote %s and %d charts%n", dir.resolve("index.html"), files.size() - 1);
        } catch (SQLException e) {
            throw TraceDatabaseOptions.sqlError(ExitCode.BAD_INPUT, e);
        }
        return ExitCode.OK;
    }
}
