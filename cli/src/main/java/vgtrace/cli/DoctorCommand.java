package vgtrace.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.foreign.Arena;
import java.lang.foreign.SymbolLookup;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

@Command(name = "doctor", description = {
        "List what each feature needs and whether this machine has it, one line each.",
        "",
        "Exit 0 when the core features (reading traces, replay on virglrenderer) are usable, otherwise 4 with "
                + "the command that installs what they lack. Run as root, './vgtrace replay' and './run-tests' install "
                + "their Debian packages themselves; the lists are in scripts/deps.sh."})
@SuppressWarnings("restricted") // loading a library is how the library probe tells whether the loader finds it
final class DoctorCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--cache", paramLabel = "DIR", description = "The samples' download cache, where QEMU 10 and "
            + "the trixie chroot are (default: $VGTRACE_CACHE, else samples/vm/cache in the repository).")
    Path cache;

    /** One thing a feature needs; a missing {@code core} need makes the command fail. */
    record Need(String feature, String what, boolean core, String fix, Probe probe) {
    }

    /** Looks for one need on this machine. */
    @FunctionalInterface
    interface Probe {
        Found find() throws IOException, InterruptedException;
    }

    /** What a probe found: a version or a path when present, why not when missing. */
    record Found(boolean present, String detail) {
        static Found at(String detail) {
            return new Found(true, detail);
        }

        static Found missing(String why) {
            return new Found(false, why);
        }
    }

    private static final Path LIBS = Path.of("/usr/lib/x86_64-linux-gnu");
    private static final String QEMU = "qemu-system-x86_64";

    @Override
    public Integer call() {
        Path repo = Path.of(System.getProperty("vgtrace.repo", "."));
        Path samplesCache = cache != null ? cache
                : Optional.ofNullable(System.getenv("VGTRACE_CACHE")).map(Path::of).orElse(repo.resolve("samples/vm/cache"));
        return report(needs(samplesCache), spec.commandLine().getOut());
    }

    /** Everything vgtrace's features need, QEMU 10 and the trixie chroot looked for under {@code cache}. */
    static List<Need> needs(Path cache) {
        Path qemu10 = cache.resolve("qemu10");
        Path trixie = cache.resolve("trixie-root");
        return List.of(
                new Need("core", "Java 25 JDK", true, "install a Java 25 JDK (e.g. Temurin 25)", DoctorCommand::jdk),
                new Need("build", "Maven", false, installDeps("build"), executable("mvn")),
                new Need("build", "gcc (the QEMU shim)", false, installDeps("build"), executable("gcc", "-dumpfullversion")),
                new Need("replay", "virglrenderer", true, installDeps("replay"), library("libvirglrenderer.so.1")),
                new Need("replay", "Mesa EGL, GBM and libGL", true, installDeps("replay"),
                        library("libEGL.so.1", "libEGL_mesa.so.0", "libgbm.so.1", "libGL.so.1")),
                new Need("replay", "Mesa llvmpipe", true, installDeps("replay"), file(LIBS.resolve("dri/swrast_dri.so"))),
                new Need("venus", "lavapipe (Vulkan)", false, installDeps("replay"),
                        file(Path.of("/usr/share/vulkan/icd.d/lvp_icd.x86_64.json"))),
                new Need("report", "fonts", false, installDeps("fonts"), DoctorCommand::fonts),
                new Need("ui", "GTK 3, pango, XTest", false, installDeps("ui"),
                        library("libgtk-3.so.0", "libpangoft2-1.0.so.0", "libXtst.so.6")),
                new Need("ui", "Xvfb (headless display)", false, installDeps("ui"), executable("Xvfb")),
                new Need("capture", "QEMU (" + QEMU + ")", false, installDeps("samples"), executable(QEMU, "--version")),
                new Need("capture", "QEMU 10 (samples cache)", false, "run samples/vm/fetch-qemu10.sh",
                        command(qemu10.resolve("usr/bin/" + QEMU),
                                Map.of("LD_LIBRARY_PATH", qemu10.resolve("usr/lib/x86_64-linux-gnu").toString()), "--version")),
                new Need("capture", "trixie chroot (3D guests)", false, "run samples/vm/run-rings.sh as root (it makes it)",
                        chroot(trixie, "qemu-system-x86", "libvirglrenderer1")),
                new Need("capture", "debootstrap", false, installDeps("samples"), executable("debootstrap", "--version")));
    }

    /** Prints one line per need; fails with the commands that install what a missing core need lacks. */
    static int report(List<Need> needs, PrintWriter out) {
        List<String> fixes = new ArrayList<>();
        for (Need need : needs) {
            Found found = probe(need.probe());
            out.printf("%-8s %-28s %-8s %s%n", need.feature(), need.what(), found.present() ? "ok" : "missing",
                    found.present() ? found.detail() : found.detail() + ": " + need.fix());
            if (!found.present() && need.core() && !fixes.contains(need.fix())) fixes.add(need.fix());
        }
        if (!fixes.isEmpty()) {
            throw new UserInputException(ExitCode.ENVIRONMENT, "the core features cannot run here: " + String.join("; ", fixes));
        }
        out.println("the core features are usable");
        return ExitCode.OK;
    }

    private static Found probe(Probe probe) {
        try {
            return probe.find();
        } catch (IOException e) {
            return Found.missing(e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Found.missing("interrupted");
        }
    }

    private static String installDeps(String feature) {
        return "run scripts/install-deps.sh " + feature + " as root";
    }

    private static Found jdk() {
        Runtime.Version v = Runtime.version();
        String detail = v + " (" + System.getProperty("java.vendor") + ") at " + System.getProperty("java.home");
        return v.feature() >= 25 ? Found.at(detail) : Found.missing("Java " + detail + " is older than 25");
    }

    /** The libraries load, as the dynamic loader finds them (LD_LIBRARY_PATH included); each one's package or file. */
    static Probe library(String... sonames) {
        return () -> {
            List<String> found = new ArrayList<>();
            for (String soname : sonames) {
                try (Arena arena = Arena.ofConfined()) {
                    SymbolLookup.libraryLookup(soname, arena);
                    found.add(loadedFile(soname).map(DoctorCommand::describe).orElse(soname));
                } catch (IllegalArgumentException e) {
                    return Found.missing("cannot load " + soname);
                }
            }
            return Found.at(String.join(", ", found));
        };
    }

    /** The file a loaded library came from, as this process maps it. */
    private static Optional<Path> loadedFile(String soname) throws IOException {
        String stem = soname.substring(0, soname.indexOf(".so") + 3);
        try (Stream<String> maps = Files.lines(Path.of("/proc/self/maps"))) {
            return maps.map(l -> l.substring(l.indexOf('/') < 0 ? l.length() : l.indexOf('/')))
                    .filter(p -> !p.isEmpty() && Path.of(p).getFileName().toString().startsWith(stem))
                    .findFirst().map(Path::of);
        }
    }

    static Probe file(Path path) {
        return () -> Files.exists(path) ? Found.at(describe(path)) : Found.missing("no " + path);
    }

    /** {@code name} on the PATH (or in the sbin directories a user's PATH lacks), with its version's first line. */
    static Probe executable(String name, String... versionArgs) {
        return () -> {
            Optional<Path> exe = Executables.find(name);
            if (exe.isEmpty()) return Found.missing("no " + name + " on the PATH");
            return versionArgs.length == 0 ? Found.at(describe(exe.get())) : command(exe.get(), Map.of(), versionArgs).find();
        };
    }

    /** Runs {@code exe args} and reports the first line it prints, with where it is. */
    static Probe command(Path exe, Map<String, String> env, String... args) {
        return () -> {
            if (!Files.isExecutable(exe)) return Found.missing("no " + exe);
            List<String> cmd = new ArrayList<>(List.of(exe.toString()));
            cmd.addAll(List.of(args));
            return firstLine(cmd, env)
                    .map(line -> Found.at(line + " at " + exe))
                    .orElse(Found.missing(exe + " " + String.join(" ", args) + " failed"));
        };
    }

    /** A chroot made by debootstrap: its packages' versions, read from its dpkg database. */
    static Probe chroot(Path root, String... packages) {
        return () -> {
            Path status = root.resolve("var/lib/dpkg/status");
            if (!Files.isRegularFile(status)) return Found.missing("no chroot at " + root);
            Map<String, String> installed = Dpkg.versions(status);
            return Found.at(Arrays.stream(packages).map(p -> p + " " + installed.getOrDefault(p, "not installed"))
                    .collect(Collectors.joining(", ")) + " in " + root);
        };
    }

    private static Found fonts() throws IOException, InterruptedException {
        Found fcList = executable("fc-list").find();
        if (!fcList.present()) return Found.missing("no fc-list (fontconfig)");
        long fonts = run(List.of("fc-list"), Map.of()).map(out -> out.lines().filter(l -> !l.isBlank()).count()).orElse(0L);
        return fonts > 0 ? Found.at(fonts + " fonts (fontconfig)") : Found.missing("fontconfig finds no fonts");
    }

    /** The Debian package and version that installed a file, or the file's path when none did (a private build). */
    private static String describe(Path file) {
        Path real;
        try {
            real = file.toRealPath();
        } catch (IOException e) {
            real = file;
        }
        return Dpkg.HOST.describe(real).orElse(real.toString());
    }

    /** A dpkg database, read once: which package installed each file, and each installed package's version. */
    private record Dpkg(Map<String, String> owners, Map<String, String> versions) {

        static final Dpkg HOST = read(Path.of("/var/lib/dpkg"));

        private static Dpkg read(Path db) {
            Map<String, String> owners = new HashMap<>();
            try (Stream<Path> lists = Files.list(db.resolve("info"))) {
                for (Path list : lists.filter(f -> f.toString().endsWith(".list")).toList()) {
                    String name = list.getFileName().toString();
                    String pkg = name.substring(0, name.length() - ".list".length()).replace(":amd64", "");
                    for (String line : Files.readAllLines(list)) owners.putIfAbsent(line, pkg);
                }
                return new Dpkg(owners, versions(db.resolve("status")));
            } catch (IOException e) {
                return new Dpkg(Map.of(), Map.of()); // not a Debian machine: files are shown by path
            }
        }

        /** The installed packages' versions in a dpkg status file: paragraphs of "Field: value" lines. */
        static Map<String, String> versions(Path status) throws IOException {
            Map<String, String> versions = new HashMap<>();
            for (String paragraph : Files.readString(status).split("\n\n")) {
                List<String> lines = paragraph.lines().toList();
                if (!lines.contains("Status: install ok installed")) continue;
                Optional<String> pkg = field(lines, "Package");
                Optional<String> version = field(lines, "Version");
                if (pkg.isPresent() && version.isPresent()) versions.putIfAbsent(pkg.get(), version.get());
            }
            return versions;
        }

        private static Optional<String> field(List<String> lines, String name) {
            return lines.stream().filter(l -> l.startsWith(name + ": ")).map(l -> l.substring(name.length() + 2)).findFirst();
        }

        Optional<String> describe(Path file) {
            // Debian 12 is /usr-merged, but dpkg still lists some files under /lib: try both names
            String name = file.toString();
            String pkg = owners.getOrDefault(name, name.startsWith("/usr/lib/") ? owners.get(name.substring(4)) : null);
            return pkg == null || !versions.containsKey(pkg) ? Optional.empty() : Optional.of(pkg + " " + versions.get(pkg));
        }
    }

    private static Optional<String> firstLine(List<String> cmd, Map<String, String> env) {
        return run(cmd, env).flatMap(out -> out.lines().filter(l -> !l.isBlank()).findFirst()).map(String::strip);
    }

    /** Runs a short command; its output (stderr included) when it exits 0 within 10 s. */
    private static Optional<String> run(List<String> cmd, Map<String, String> env) {
        try {
            Path out = Files.createTempFile("vgtrace-doctor", ".out");
            try {
                ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile())
                        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
                pb.environment().putAll(env);
                Process p = pb.start();
                if (!p.waitFor(10, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    return Optional.empty();
                }
                return p.exitValue() == 0 ? Optional.of(Files.readString(out, StandardCharsets.UTF_8)) : Optional.empty();
            } finally {
                Files.delete(out);
            }
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
