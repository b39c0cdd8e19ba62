package vgtrace.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A virglrenderer build a replay runs on, as {@code --virgl VERSION} names it: the one this system
 * has installed (loaded in this process), a libvirglrenderer.so given by path (loaded in this
 * process), or a Debian release's build, replayed in a root of that Debian suite ({@link ReplayRoots}).
 */
sealed interface VirglBuild {

    /** The Debian suite that ships each virglrenderer major.minor (checked with apt-cache madison). */
    SortedMap<String, String> SUITES = Collections.unmodifiableSortedMap(
            new TreeMap<>(Map.of("0.10", "bookworm", "1.1", "trixie", "1.3", "sid")));

    /** What the user asked for, the matrix row's name. */
    String label();

    /** The system's {@code libvirglrenderer.so.1} ({@code installed}, or the version it has). */
    record Installed(String label) implements VirglBuild {}

    /** A libvirglrenderer.so at {@code path}. */
    record Library(String label, Path path) implements VirglBuild {}

    /** The build of Debian {@code suite}, replayed inside that suite's root. */
    record Suite(String label, String suite) implements VirglBuild {}

    /**
     * Reads one VERSION: {@code installed}, a path (it holds a '/'), or a Debian version such as
     * {@code 1.1} or {@code 1.1.0-2}: the installed build when {@code installed} starts with it,
     * else the suite that ships that major.minor.
     */
    static VirglBuild parse(String version, Optional<String> installed) {
        String v = version.trim();
        if (v.equals("installed")) return new Installed(v);
        if (v.contains("/")) {
            Path p = Path.of(v).toAbsolutePath();
            if (!Files.isRegularFile(p)) throw new UserInputException(ExitCode.USAGE, "--virgl " + v + ": no such file");
            return new Library(v, p);
        }
        if (!v.matches("\\d+\\.\\d+.*")) {
            throw new UserInputException(ExitCode.USAGE, "--virgl takes a virglrenderer version (" + known()
                    + "), installed, or the path of a libvirglrenderer.so, not '" + v + "'");
        }
        if (installed.isPresent() && sameRelease(installed.get(), v)) return new Installed(v);
        String minor = v.replaceFirst("^(\\d+\\.\\d+).*", "$1");
        String suite = SUITES.get(minor);
        if (suite == null) {
            throw new UserInputException(ExitCode.USAGE, "no Debian suite is known to ship virglrenderer " + v
                    + ": use one of " + known() + ", installed, or the path of a libvirglrenderer.so");
        }
        return new Suite(v, suite);
    }

    /**
     * The build a trace names ({@code virglrenderer_debian}, a QEMU capture's), when it names one a
     * known Debian suite ships or this machine has; empty for a trace that names none.
     *
     * @throws UserInputException when it names a version no known suite ships
     */
    static Optional<VirglBuild> captured(vgtrace.core.trace.TraceMetadata metadata, Optional<String> installed) {
        String named = metadata.extras().get(ReplayCommand.CAPTURED_BUILD);
        return named == null ? Optional.empty() : Optional.of(parse(named, installed));
    }

    /** True when Debian version {@code have} is {@code want} or starts with it at a dot or dash. */
    static boolean sameRelease(String have, String want) {
        return have.equals(want) || have.startsWith(want + ".") || have.startsWith(want + "-");
    }

    private static String known() {
        StringBuilder b = new StringBuilder();
        SUITES.forEach((v, s) -> b.append(b.isEmpty() ? "" : ", ").append(v).append(" (").append(s).append(')'));
        return b.toString();
    }

}
