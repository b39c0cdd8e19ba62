package vgtrace.cli;

import picocli.CommandLine;
import vgtrace.core.trace.TraceFileException;

import java.io.IOException;
import java.io.PrintWriter;

/** Entry point. Not a JavaFX {@code Application}: the UI is launched from its own command. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the command line with the given streams; returns the exit code (tests call this). */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cli = new CommandLine(new VgtraceCommand());
        cli.getCommandSpec().usageMessage().exitCodeList(ExitCode.helpList());
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setOut(out);
        cli.setErr(err);
        cli.setExecutionExceptionHandler((ex, line, parsed) -> report(ex, err));
        cli.setParameterExceptionHandler((ex, args1) -> {
            err.println("vgtrace: " + ex.getMessage());
            err.println("Try '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help'.");
            return ExitCode.USAGE;
        });
        cli.setExecutionStrategy(Main::refuseUnmatched);
        int code = cli.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    /**
     * Picocli lets a help option win over words it did not match ({@code vgtrace trim --help} would
     * print the root help and succeed): an unknown command or argument is a usage error even then.
     */
    private static int refuseUnmatched(CommandLine.ParseResult parsed) {
        for (CommandLine.ParseResult p = parsed; p != null; p = p.subcommand()) {
            if (!p.unmatched().isEmpty()) throw new CommandLine.UnmatchedArgumentException(p.commandSpec().commandLine(),
                    "unknown command or argument: " + String.join(" ", p.unmatched()));
        }
        return new CommandLine.RunLast().execute(parsed);
    }

    /** One line for the user, a stack trace only for bugs or when VGTRACE_DEBUG is set. */
    static int report(Exception ex, PrintWriter err) {
        boolean debug = System.getenv("VGTRACE_DEBUG") != null;
        int code;
        String message;
        switch (ex) {
            case UserInputException u -> { code = u.exitCode(); message = u.getMessage(); }
            case TraceFileException t -> { code = ExitCode.BAD_INPUT; message = t.getMessage(); }
            case IOException io -> { code = ExitCode.BAD_INPUT; message = io.getMessage(); }
            default -> { code = ExitCode.INTERNAL; message = "internal error: " + ex; debug = true; }
        }
        err.println("vgtrace: " + message);
        if (debug) ex.printStackTrace(err);
        err.flush();
        return code;
    }
}
