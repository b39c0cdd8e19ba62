package vgtrace.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import vgtrace.analyzer.ResultFormat;
import vgtrace.analyzer.ResultWriter;
import vgtrace.analyzer.SqlModules;
import vgtrace.analyzer.TraceDatabase;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "query", description = {
        "Run SQL over a trace in DuckDB, or print one of the canned views.",
        "",
        "Views: messages, commands, fences, signals, rings, resources, blobs, contexts, errors, frames, type_stats, timeline",
        "(docs/sql.md describes every column). The raw rows are in messages_raw.",
        "",
        "Examples:",
        "  vgtrace query t.arrows --view rings",
        "  vgtrace query t.arrows \"SELECT * FROM fences WHERE NOT signalled\" --format csv"})
final class QueryCommand implements Callable<Integer>, OpensTraceDatabase {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "TRACE", description = "A vgtrace trace file (.arrows).")
    Path trace;

    @Parameters(index = "1", arity = "0..1", paramLabel = "SQL", description = "The query.")
    String sql;

    @Option(names = "--view", paramLabel = "NAME", description = "Print a canned view instead of running SQL.")
    String view;

    @Option(names = "--format", paramLabel = "FORMAT", description = "table, csv or json (default: table).")
    String format = "table";

    @Mixin
    TraceDatabaseOptions database;

    @Override
    public Integer call() throws IOException {
        if ((sql == null) == (view == null)) throw new UserInputException(ExitCode.USAGE, "give either SQL or --view NAME");
        if (view != null && !SqlModules.MODULES.contains(view)) {
            throw new UserInputException(ExitCode.USAGE, "unknown view '" + view + "'; views: " + String.join(", ", SqlModules.MODULES));
        }
        ResultFormat how = parseFormat(format);
        PrintWriter out = spec.commandLine().getOut();
        try (TraceDatabase db = database.open(trace, spec.commandLine().getErr());
             Statement s = db.connection().createStatement()) {
            if (s.execute(view != null ? "SELECT * FROM " + view : sql)) {
                ResultWriter.write(s.getResultSet(), how, out);
            } else {
                out.println("ok");
            }
        } catch (SQLException e) {
            throw TraceDatabaseOptions.sqlError(ExitCode.USAGE, e);
        }
        return ExitCode.OK;
    }

    static ResultFormat parseFormat(String name) {
        try {
            return ResultFormat.valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new UserInputException(ExitCode.USAGE, "unknown format '" + name + "'; one of table, csv, json");
        }
    }
}
