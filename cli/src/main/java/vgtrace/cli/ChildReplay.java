package vgtrace.cli;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * {@code vgtrace replay} in a JVM of its own, on this machine or inside a suite's replay root (with
 * this JDK and vgtrace's class path bound in): virglrenderer is one per process, so each build of a
 * matrix gets its own, and a Debian suite's library loads only among that suite's libraries.
 */
final class ChildReplay {

    private ChildReplay() {
    }

    /** The command that runs {@code vgtrace args} on this JDK and class path, with the JVM flags vgtrace needs. */
    static List<String> command(List<String> args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (a.startsWith("--add-opens") || a.startsWith("--enable-native-access") || a.startsWith("--sun-misc-unsafe")) {
                cmd.add(a);
            }
        }
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(Main.class.getName());
        cmd.addAll(args);
        return cmd;
    }

    /**
     * The host directories a child JVM in a root needs besides {@code others}: the JDK and every
     * class path directory, none listed twice or under another.
     */
    static List<Path> binds(Collection<Path> others) {
        TreeSet<Path> dirs = new TreeSet<>(others);
        dirs.add(Path.of(System.getProperty("java.home")).toAbsolutePath().normalize());
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            if (entry.isBlank()) continue;
            Path p = Path.of(entry).toAbsolutePath().normalize();
            dirs.add(Files.isDirectory(p) ? p : p.getParent());
        }
        List<Path> out = new ArrayList<>();
        for (Path d : dirs) {
            if (d.getParent() == null) continue; // never "/" over the root
            if (out.stream().noneMatch(d::startsWith)) out.add(d);
        }
        return out;
    }

    /** Runs {@code pb} with its output and errors passed through; returns its exit status. */
    static int passThrough(ProcessBuilder pb) throws IOException {
        return waitFor(pb.inheritIO().start());
    }

    /** The exit status of a child that {@link #collect} killed at its time limit (as timeout(1) reports one). */
    static final int TIMED_OUT = 124;

    /**
     * Runs {@code pb} collecting its output, its errors going through {@code errors}; a child still
     * running after {@code limit} is killed (with what it started) and reported as {@link #TIMED_OUT}.
     */
    static Finished collect(ProcessBuilder pb, Path errors, Duration limit) throws IOException {
        Path output = Files.createTempFile(errors.getParent(), "vgtrace-child", ".out");
        try {
            Process p = pb.redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                    .redirectOutput(output.toFile()).redirectError(errors.toFile()).start();
            int exit = waitFor(p, limit);
            return new Finished(exit, Files.readString(output, StandardCharsets.UTF_8), Files.readString(errors));
        } finally {
            Files.deleteIfExists(output);
        }
    }

    /** A child that ran: its exit status, output and errors. */
    record Finished(int exit, String out, String err) {

        /** The last non-blank line of its errors, or of its output. */
        String lastWords() {
            for (String text : List.of(err, out)) {
                String[] lines = text.strip().split("\n");
                if (!lines[lines.length - 1].isBlank()) return lines[lines.length - 1].strip();
            }
            return "exit " + exit + " with no output";
        }
    }

    private static int waitFor(Process p, Duration limit) throws IOException {
        try {
            if (p.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) return p.exitValue();
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly().waitFor();
            return TIMED_OUT;
        } catch (InterruptedException e) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while the replay ran");
        }
    }

    private static int waitFor(Process p) throws IOException {
        try {
            return p.waitFor();
        } catch (InterruptedException e) {
            p.destroy();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while the replay ran");
        }
    }
}
