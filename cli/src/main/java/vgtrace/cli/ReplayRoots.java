package vgtrace.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A minimal Debian root per suite, holding that suite's virglrenderer and Mesa, in which a replay
 * runs on that suite's build: made once with debootstrap under the user's cache
 * ({@code $XDG_CACHE_HOME/vgtrace/roots/SUITE}), entered in a private mount namespace (proc, dev,
 * sys, a fresh /tmp, and the host directories the replay needs bound at their own paths), so that
 * nothing stays mounted and nothing is installed on the host. Both need root.
 */
final class ReplayRoots {

    /** virglrenderer, surfaceless EGL and GL on Mesa's llvmpipe, and lavapipe for Venus. */
    static final List<String> PACKAGES = List.of("libvirglrenderer1", "libegl1", "libegl-mesa0", "libgl1",
            "libgl1-mesa-dri", "libgbm1", "mesa-vulkan-drivers");
    private static final String READY = ".vgtrace-root";

    private final Path dir;

    ReplayRoots(Path dir) {
        this.dir = dir;
    }

    /** The roots under the user's cache directory. */
    static ReplayRoots inUserCache() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path cache = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return new ReplayRoots(cache.resolve("vgtrace/roots"));
    }

    Path root(String suite) {
        return dir.resolve(suite);
    }

    boolean ready(String suite) {
        return Files.isRegularFile(root(suite).resolve(READY));
    }

    /** The root of {@code suite}, made first if needed (with a progress line on {@code err}). */
    Path prepare(String suite, String why, PrintWriter err) throws IOException {
        Path root = root(suite);
        if (ready(suite)) return root;
        requireRoot("preparing the " + suite + " root for " + why);
        if (!onPath("debootstrap")) {
            throw new UserInputException(ExitCode.ENVIRONMENT, "preparing the " + suite + " root for " + why
                    + " needs debootstrap: apt-get install debootstrap");
        }
        Files.createDirectories(dir);
        Path tmp = dir.resolve(suite + ".tmp"), log = dir.resolve(suite + ".log");
        deleteTree(tmp);
        List<String> command = new ArrayList<>(List.of("debootstrap", "--variant=minbase",
                "--include=" + String.join(",", PACKAGES), suite, tmp.toString()));
        String mirror = System.getenv("DEBIAN_MIRROR");
        if (mirror != null && !mirror.isBlank()) command.add(mirror);
        err.printf("vgtrace: preparing the %s root for %s in %s (once; debootstrap takes a few minutes)%n", suite, why, root);
        err.flush();
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        int rc = waitShowingProgress(p, log, suite, err);
        if (rc != 0) {
            throw new UserInputException(ExitCode.ENVIRONMENT, "debootstrap of " + suite + " failed (exit " + rc + "): "
                    + lastLine(log) + "; see " + log);
        }
        Files.move(tmp, root);
        Files.writeString(root.resolve(READY), String.join(" ", PACKAGES) + "\n");
        Files.deleteIfExists(log);
        return root;
    }

    /**
     * A process running {@code argv} inside {@code root}, with {@code binds} (host directories)
     * mounted at the same paths, HOME and the caches in the root's fresh /tmp.
     */
    ProcessBuilder inRoot(Path root, Collection<Path> binds, List<String> argv) {
        requireRoot("replaying in the " + root.getFileName() + " root");
        String script = "set -eu; root=$1; shift; mount -t proc proc \"$root/proc\"; mount --rbind /dev \"$root/dev\"; "
                + "mount --rbind /sys \"$root/sys\"; mount -t tmpfs tmpfs \"$root/tmp\"; "
                + "while [ \"$1\" != -- ]; do mkdir -p \"$root$1\"; mount --bind \"$1\" \"$root$1\"; shift; done; shift; "
                + "exec chroot \"$root\" \"$@\"";
        List<String> command = new ArrayList<>(List.of("unshare", "--mount", "--propagation", "private", "sh", "-c",
                script, "vgtrace-root", root.toString()));
        binds.forEach(b -> command.add(b.toString()));
        command.add("--");
        command.addAll(argv);
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().put("HOME", "/tmp");
        pb.environment().put("XDG_CACHE_HOME", "/tmp");
        return pb;
    }

    /** True when this process runs as root, which making and entering a root needs. */
    static boolean runningAsRoot() {
        try {
            return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid") == 0;
        } catch (IOException | UnsupportedOperationException e) {
            return false; // no /proc: not Linux, where the roots cannot work anyway
        }
    }

    private static void requireRoot(String what) {
        if (runningAsRoot()) return;
        throw new UserInputException(ExitCode.ENVIRONMENT, what + " needs root (debootstrap, mount and chroot): "
                + "run vgtrace as root, or replay on this machine's virglrenderer with --virgl installed");
    }

    private static int waitShowingProgress(Process p, Path log, String suite, PrintWriter err) throws IOException {
        boolean terminal = System.console() != null;
        long every = terminal ? 250 : 15_000;
        try {
            while (!p.waitFor(every, TimeUnit.MILLISECONDS)) {
                err.print((terminal ? "\r\033[K" : "") + "vgtrace: " + suite + " root: " + lastLine(log) + (terminal ? "" : "\n"));
                err.flush();
            }
        } catch (InterruptedException e) {
            p.destroy();
            Thread.currentThread().interrupt();
            throw new UserInputException(ExitCode.ENVIRONMENT, "interrupted while preparing the " + suite + " root");
        }
        if (terminal) err.print("\r\033[K");
        return p.exitValue();
    }

    private static String lastLine(Path log) throws IOException {
        List<String> lines = Files.exists(log) ? Files.readAllLines(log) : List.of();
        for (int i = lines.size() - 1; i >= 0; i--) if (!lines.get(i).isBlank()) return lines.get(i).strip();
        return "starting";
    }

    private static boolean onPath(String program) {
        String path = System.getenv().getOrDefault("PATH", "/usr/sbin:/usr/bin:/sbin:/bin");
        for (String d : path.split(":")) if (Files.isExecutable(Path.of(d, program))) return true;
        return Files.isExecutable(Path.of("/usr/sbin", program)) || Files.isExecutable(Path.of("/sbin", program));
    }

    private static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) return;
        try (var walk = Files.walk(p)) {
            for (Path q : walk.sorted(Comparator.reverseOrder()).toList()) Files.delete(q);
        }
    }
}
