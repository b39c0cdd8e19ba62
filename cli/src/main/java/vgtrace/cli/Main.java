package vgtrace.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import vgtrace.analyzer.TraceDatabase;
import vgtrace.core.trace.TraceFileException;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.Set;

/** Entry point. Not a JavaFX {@code Application}: the UI is launched from its own command. */
public final class Main {

    private static final Set<String> VERSION_OPTIONS = Set.of("-V", "--version");

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the command line with the given streams; returns the exit code (tests call this). */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        List<Class<?>> commands = commandsFor(args);
        if (commands.size() == 1 && OpensTraceDatabase.class.isAssignableFrom(commands.getFirst())) TraceDatabase.warmUp();
        CommandLine cli = new CommandLine(new VgtraceCommand());
        commands.forEach(cli::addSubcommand);
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
     * The commands {@code args} needs. Picocli builds a command's model by reflection as it is added,
     * about 0.3 s for all of them on 2 cores (docs/sql.md, Start-up latency): a command line that
     * names a command gets that one, the version option none, and help or an unknown word all of them.
     */
    static List<Class<?>> commandsFor(String[] args) {
        if (args.length == 1 && VERSION_OPTIONS.contains(args[0])) return List.of();
        if (args.length == 0) return VgtraceCommand.COMMANDS;
        return VgtraceCommand.COMMANDS.stream()
                .filter(c -> c != HelpCommand.class && c.getAnnotation(Command.class).name().equals(args[0]))
                .findFirst()
                .<List<Class<?>>>map(List::of)
                .orElse(VgtraceCommand.COMMANDS);
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
