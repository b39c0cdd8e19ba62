package vgtrace.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import vgtrace.ui.Theme;
import vgtrace.ui.UiLauncher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "ui", description = {
        "Open the workbench: fence timelines per (context, ring), blob and resource lifecycles, a command "
                + "inspector, an SQL console and stats over a trace.",
        "With --snapshot, render each view of TRACE to PNG files without a display and exit."})
final class UiCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(arity = "0..1", paramLabel = "TRACE", description = "A trace to open (.arrows); optional for the window.")
    Path trace;

    @Option(names = "--snapshot", paramLabel = "DIR", description = "Write DIR/<view>.png for every view of TRACE, headless.")
    Path snapshot;

    @Option(names = "--theme", paramLabel = "THEME", defaultValue = "light",
            description = "light or dark (default: ${DEFAULT-VALUE}); the window can switch with Ctrl+T.")
    String theme;

    @Override
    public Integer call() throws IOException {
        Theme look = switch (theme.toLowerCase()) {
            case "light" -> Theme.LIGHT;
            case "dark" -> Theme.DARK;
            default -> throw new UserInputException(ExitCode.USAGE, "--theme must be light or dark, not " + theme);
        };
        if (trace != null && !Files.isRegularFile(trace)) throw new UserInputException("no such trace file: " + trace);
        if (snapshot != null) {
            if (trace == null) throw new UserInputException(ExitCode.USAGE, "--snapshot needs a TRACE to render");
            List<Path> files = UiLauncher.snapshot(snapshot, trace, look);
            files.forEach(f -> spec.commandLine().getOut().println(f));
            return ExitCode.OK;
        }
        if (System.getenv("DISPLAY") == null && System.getenv("WAYLAND_DISPLAY") == null
                && System.getProperty("glass.platform") == null) {
            throw new UserInputException(ExitCode.ENVIRONMENT,
                    "no display: set DISPLAY, run under xvfb-run, or render PNGs with --snapshot DIR");
        }
        UiLauncher.open(trace, look);
        return ExitCode.OK;
    }
}
