package vgtrace.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Properties;

@Command(name = "vgtrace",
        mixinStandardHelpOptions = true,
        scope = picocli.CommandLine.ScopeType.INHERIT,
        versionProvider = VgtraceCommand.Version.class,
        synopsisSubcommandLabel = "COMMAND",
        description = {
                "Record, replay and analyse virtio-gpu traffic.",
                "",
                "A trace is an Arrow IPC stream (.arrows) holding every virtio-gpu command and response, "
                        + "the guest memory the device read, and what the backend displayed."},
        exitCodeListHeading = "%nExit codes:%n",
        footer = {"", "Run 'vgtrace COMMAND --help' for a command's options. Docs: docs/ in the repository."})
final class VgtraceCommand implements Runnable {

    /** The commands, in the order the help lists them ({@link Main} adds those a command line needs). */
    static final List<Class<?>> COMMANDS = List.of(
            InfoCommand.class,
            DumpCommand.class,
            ImportCommand.class,
            GuestSetupCommand.class,
            GenerateCommand.class,
            BenchCommand.class,
            CaptureCommand.class,
            ReplayCommand.class,
            TrimCommand.class,
            ReduceCommand.class,
            DiffCommand.class,
            RecordSampleCommand.class,
            QueryCommand.class,
            ReportCommand.class,
            ExportCommand.class,
            UiCommand.class,
            DoctorCommand.class,
            picocli.CommandLine.HelpCommand.class);

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() throws IOException {
            Properties p = new Properties();
            try (InputStream in = VgtraceCommand.class.getResourceAsStream("/vgtrace-version.properties")) {
                if (in != null) p.load(in);
            }
            return new String[] {
                    "vgtrace " + p.getProperty("version", "unknown"),
                    "Java " + Runtime.version() + " (" + System.getProperty("java.vm.name") + ")"};
        }
    }
}
