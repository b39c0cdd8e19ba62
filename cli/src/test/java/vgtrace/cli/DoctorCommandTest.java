package vgtrace.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class DoctorCommandTest {

    @TempDir
    Path dir;

    @Test
    void listsWhatEachFeatureNeedsOneLineEach() {
        CliRun r = CliRun.of("doctor", "--cache", dir.toString());
        assertEquals(ExitCode.OK, r.exitCode(), r.out() + r.err());
        List<String> lines = r.out().lines().toList();
        for (String[] need : new String[][] {{"core", "Java 25 JDK"}, {"build", "Maven"}, {"replay", "virglrenderer"},
                {"replay", "Mesa EGL"}, {"replay", "Mesa llvmpipe"}, {"venus", "lavapipe"}, {"report", "fonts"},
                {"ui", "GTK 3"}, {"ui", "Xvfb"}, {"capture", "QEMU (qemu-system-x86_64)"}, {"capture", "QEMU 10"},
                {"capture", "trixie chroot"}, {"build", "gcc"}, {"capture", "debootstrap"}}) {
            assertEquals(1, lines.stream().filter(l -> l.startsWith(need[0]) && l.contains(need[1])).count(),
                    need[0] + " " + need[1] + " in:\n" + r.out());
        }
        assertTrue(line(r, "Java 25 JDK").contains(" ok "), r.out());
        assertTrue(line(r, "virglrenderer").matches(".* ok +libvirglrenderer1 \\d.*"), "the Debian package's version:\n" + r.out());
        assertEquals("the core features are usable", lines.getLast());
    }

    @Test
    void anEmptySamplesCacheIsReportedMissingWithWhatToRun() {
        CliRun r = CliRun.of("doctor", "--cache", dir.resolve("absent").toString());
        assertEquals(ExitCode.OK, r.exitCode(), "QEMU 10 is not a core need:\n" + r.out());
        assertTrue(line(r, "QEMU 10").matches(".* missing +no .*absent/qemu10/.*: run samples/vm/fetch-qemu10.sh"), r.out());
        assertTrue(line(r, "trixie chroot").contains(" missing "), r.out());
    }

    @Test
    void aChrootsVersionsComeFromItsDpkgDatabase() throws Exception {
        Path status = dir.resolve("var/lib/dpkg/status");
        Files.createDirectories(status.getParent());
        Files.writeString(status, """
                Package: qemu-system-x86
                Status: install ok installed
                Architecture: amd64
                Version: 1:10.0.2+ds-2

                Package: libvirglrenderer1
                Status: deinstall ok config-files
                Architecture: amd64
                Version: 1.1.1-2
                """);
        DoctorCommand.Found found = DoctorCommand.chroot(dir, "qemu-system-x86", "libvirglrenderer1").find();
        assertTrue(found.present());
        assertEquals("qemu-system-x86 1:10.0.2+ds-2, libvirglrenderer1 not installed in " + dir, found.detail());
    }

    @Test
    void aMissingCoreNeedFailsWithTheCommandToRun() {
        StringWriter out = new StringWriter();
        List<DoctorCommand.Need> needs = List.of(
                new DoctorCommand.Need("replay", "virglrenderer", true, "run scripts/install-deps.sh replay as root",
                        DoctorCommand.library("libvgtrace-absent.so.1")),
                new DoctorCommand.Need("capture", "gcc", false, "run scripts/install-deps.sh samples as root",
                        DoctorCommand.executable("vgtrace-absent-gcc")));
        var e = assertThrows(UserInputException.class, () -> DoctorCommand.report(needs, new PrintWriter(out, true)));
        assertEquals(ExitCode.ENVIRONMENT, e.exitCode());
        assertEquals("the core features cannot run here: run scripts/install-deps.sh replay as root", e.getMessage());
        assertEquals("""
                replay   virglrenderer                missing  cannot load libvgtrace-absent.so.1: run scripts/install-deps.sh replay as root
                capture  gcc                          missing  no vgtrace-absent-gcc on the PATH: run scripts/install-deps.sh samples as root
                """, out.toString());
    }

    @Test
    void presentFilesLibrariesAndCommandsAreFoundAndAbsentOnesAreNot() throws Exception {
        assertTrue(DoctorCommand.library("libc.so.6").find().present());
        assertTrue(DoctorCommand.executable("sh").find().present());
        assertEquals("no " + dir.resolve("none"), DoctorCommand.file(dir.resolve("none")).find().detail());
        DoctorCommand.Found version = DoctorCommand.command(Path.of("/bin/sh"), Map.of("V", "4.2"), "-c", "echo v$V").find();
        assertEquals(new DoctorCommand.Found(true, "v4.2 at /bin/sh"), version);
        assertFalse(DoctorCommand.command(Path.of("/bin/sh"), Map.of(), "-c", "exit 1").find().present());
    }

    private static String line(CliRun r, String need) {
        return r.out().lines().filter(l -> l.contains(need)).findFirst().orElseThrow(() -> new AssertionError(need + " in:\n" + r.out()));
    }
}
