package vgtrace.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import vgtrace.replay.engine.PlanLoader;
import vgtrace.replay.engine.ReplayPlan;
import vgtrace.replay.engine.TraceDiff;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "diff", description = {
        "Compare two traces command by command, response by response, read-back by read-back and frame by frame.",
        "",
        "Typical: a capture against its replay ('vgtrace replay CAPTURE -o REPLAYED'), or the replays of one "
                + "trace on two backends, or two captures of one workload. Volatile response fields are normalized "
                + "as in replay. Guest addresses (and how a backing is cut into pages) differ from boot to boot and are "
                + "ignored unless --exact: mem entries are compared by total length, the guest memory each command "
                + "made the device read by content. "
                + "Exit code 3 on the first difference, reported with both values and the commands before it."})
final class DiffCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "A", description = "The reference trace.")
    Path a;

    @Parameters(index = "1", paramLabel = "B", description = "The trace compared with A.")
    Path b;

    @Option(names = "--exact", description = "Compare every byte, guest addresses included.")
    boolean exact;

    @Override
    public Integer call() throws IOException {
        ReplayPlan planA = PlanLoader.load(a, PlanLoader.Range.ALL), planB = PlanLoader.load(b, PlanLoader.Range.ALL);
        TraceDiff.Result result = TraceDiff.compare(planA, planB, exact ? TraceDiff.Match.EXACT : TraceDiff.Match.DEVICE);
        var out = spec.commandLine().getOut();
        TornTrace.notice(a, planA).ifPresent(out::println);
        TornTrace.notice(b, planB).ifPresent(out::println);
        if (result.commandAddresses() + result.memoryAddresses() > 0) {
            out.printf("ignored: guest addresses differ in the mem entries of %,d commands and the memory of %,d (--exact compares them)%n",
                    result.commandAddresses(), result.memoryAddresses());
        }
        if (result.first().isPresent()) {
            out.print(result.first().get().report());
            out.flush();
            return ExitCode.DIVERGED;
        }
        out.printf("identical: %,d commands%n", result.compared());
        return ExitCode.OK;
    }
}
