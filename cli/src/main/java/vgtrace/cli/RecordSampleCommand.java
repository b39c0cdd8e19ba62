package vgtrace.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import vgtrace.replay.BackendFailure;
import vgtrace.replay.ReplayBackend;
import vgtrace.replay.engine.ReplayResult;
import vgtrace.replay.engine.SampleRecorder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

@Command(name = "record-sample", description = {
        "Record the scripted workload on a backend (in-process virglrenderer by default) as a replayable trace.",
        "",
        "A VIRGL2 context, a render target cleared through a real virgl stream and read back, a 2D scanout "
                + "flushed every frame (60 Hz pacing), ring 0 and ctx0 fences, HOST3D and GUEST blobs, a cursor. "
                + "This is how samples/traces/virgl-sample.arrows is made."})
final class RecordSampleCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = {"-o", "--output"}, paramLabel = "TRACE", required = true, description = "The trace to write (.arrows).")
    Path output;

    @Option(names = "--frames", paramLabel = "N", defaultValue = "8", description = "Frames to draw (default: ${DEFAULT-VALUE}).")
    int frames;

    @Option(names = "--force", description = "Replace TRACE if it exists.")
    boolean force;

    @Option(names = "--2d", description = "Only the 2D part (scanout, uploads, flushes, cursor), for 2D backends.")
    boolean twoD;

    @Mixin
    BackendOptions backendOptions;

    @Override
    public Integer call() throws IOException {
        if (frames < 0) throw new UserInputException(ExitCode.USAGE, "--frames needs N >= 0");
        if (Files.exists(output) && !force) throw new UserInputException(ExitCode.USAGE, output + " exists (use --force)");
        try (ReplayBackend backend = backendOptions.open(Optional.empty(), Map.of(), spec.commandLine().getErr())) {
            ReplayResult r = SampleRecorder.record(backend, output, frames, !twoD);
            spec.commandLine().getOut().printf("wrote %s: %,d commands, %,d frames, %,d read-backs in %.1f ms%n", output,
                    r.issued(), r.frames(), r.readBacks(), r.elapsedNs() / 1e6);
        } catch (BackendFailure e) {
            throw new UserInputException(ExitCode.ENVIRONMENT, "the backend failed: " + e.getMessage());
        }
        return ExitCode.OK;
    }
}
