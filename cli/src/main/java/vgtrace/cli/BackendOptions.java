package vgtrace.cli;

import picocli.CommandLine.Option;
import vgtrace.core.protocol.DisplayMode;
import vgtrace.core.protocol.OkEdid;
import vgtrace.replay.ReplayBackend;
import vgtrace.replay.VirglBackend;
import vgtrace.replay.vhost.VhostUserGpuBackend;
import vgtrace.replay.virgl.VirglException;
import vgtrace.replay.virgl.VirglLog;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The backend options shared by replay and record-sample, and opening the backend they name. */
final class BackendOptions {

    @Option(names = "--backend", paramLabel = "BACKEND", defaultValue = "virgl",
            description = "virgl: virglrenderer in this process (default); vhost-user:SOCK: a vhost-user-gpu backend "
                    + "listening on SOCK, driven with vgtrace as its front-end.")
    String backend;

    @Option(names = "--backend-cmd", paramLabel = "CMD",
            description = "Start this vhost-user-gpu backend (e.g. /usr/lib/qemu/vhost-user-gpu) with a private "
                    + "--socket-path and drive it; implies a vhost-user backend.")
    String backendCmd;

    @Option(names = "--verbose", description = "Also print virglrenderer's own messages (GL version, shader "
            + "errors) on stderr, as 'virglrenderer: ...' lines.")
    boolean verbose;

    /** True when the replay runs virglrenderer in this process (the default backend). */
    boolean inProcessVirgl() {
        return backendCmd == null && backend.equals("virgl");
    }

    /**
     * Opens the backend; {@code displays} are the outputs to report (empty: the backend's default),
     * {@code edids} the EDID answers per scanout on a vhost-user display channel (others are generated).
     * virglrenderer's messages go to {@code err} with --verbose, else nowhere.
     */
    ReplayBackend open(Optional<List<DisplayMode>> displays, Map<Integer, OkEdid> edids, PrintWriter err) throws IOException {
        VirglLog.to(verbose ? message -> err.println("virglrenderer: " + message) : message -> { });
        List<DisplayMode> modes = displays.orElse(VirglBackend.Config.defaults().displays());
        if (backendCmd != null) {
            return VhostUserGpuBackend.spawn(List.of(backendCmd.trim().split("\\s+")), modes, edids);
        }
        if (backend.startsWith("vhost-user:")) {
            return VhostUserGpuBackend.connect(Path.of(backend.substring("vhost-user:".length())), modes, edids);
        }
        if (!backend.equals("virgl")) {
            throw new UserInputException(ExitCode.USAGE, "unknown backend '" + backend + "': use virgl or vhost-user:SOCK");
        }
        try {
            return VirglBackend.open(VirglBackend.Config.defaults().withDisplays(modes));
        } catch (VirglException e) {
            throw new UserInputException(ExitCode.ENVIRONMENT, "cannot start virglrenderer: " + e.getMessage());
        }
    }
}
