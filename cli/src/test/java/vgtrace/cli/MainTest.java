package vgtrace.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class MainTest {

    @TempDir
    Path dir;

    @Test
    void helpListsTheImplementedCommandsAndExitCodes() {
        CliRun r = CliRun.of("--help");
        assertEquals(ExitCode.OK, r.exitCode());
        for (String command : new String[] {"info", "dump", "import", "generate", "bench"}) {
            assertTrue(r.out().contains("  " + command + " "), command + " missing from:\n" + r.out());
        }
        assertEquals(6, ExitCode.helpList().size());
        ExitCode.helpList().forEach((code, meaning) -> assertTrue(r.out().lines()
                .anyMatch(l -> l.strip().startsWith(code + " ") && l.strip().endsWith(meaning)), "exit code " + code));
        assertTrue(r.out().contains("70   Internal error (rerun with VGTRACE_DEBUG=1 and report it)."), r.out());
    }

    @Test
    void everyCommandsHelpRendersWithoutFormatWarnings() {
        for (String command : new String[] {"info", "dump", "generate", "bench", "guest-setup", "doctor"}) {
            CliRun r = CliRun.of(command, "--help");
            assertEquals(ExitCode.OK, r.exitCode(), command);
            assertFalse((r.out() + r.err()).contains("WARN"), command + ":\n" + r.out() + r.err());
        }
    }

    @Test
    void aCommandLineBuildsTheCommandsItNeeds() {
        assertEquals(List.of(InfoCommand.class), Main.commandsFor(new String[] {"info", "t.arrows"}));
        assertEquals(List.of(), Main.commandsFor(new String[] {"--version"}));
        for (String[] all : new String[][] {{}, {"--help"}, {"help", "info"}, {"nosuch"}, {"--version", "info"}}) {
            assertEquals(VgtraceCommand.COMMANDS, Main.commandsFor(all), String.join(" ", all));
        }
    }

    @Test
    void guestSetupPrintsAShellScript() {
        CliRun r = CliRun.of("guest-setup");
        assertEquals(ExitCode.OK, r.exitCode());
        assertTrue(r.out().startsWith("#!/bin/sh"), r.out());
        assertTrue(r.out().contains("t:vgtrace/cmd_queue virtio_gpu_cmd_queue"));
    }

    @Test
    void versionNamesVgtraceAndJava() {
        CliRun r = CliRun.of("--version");
        assertEquals(0, r.exitCode());
        assertTrue(r.out().startsWith("vgtrace "), r.out());
        assertTrue(r.out().contains("Java 25"), r.out());
    }

    @Test
    void unknownOptionIsAUsageError() {
        CliRun r = CliRun.of("info", "--frobnicate", "t.arrows");
        assertEquals(ExitCode.USAGE, r.exitCode());
        assertTrue(r.err().startsWith("vgtrace: "), r.err());
        assertTrue(r.err().contains("--frobnicate"), r.err());
    }

    @Test
    void unknownWordsBeforeHelpAreAUsageErrorNotHelp() {
        for (String[] args : new String[][] {{"nosuch", "--help"}, {"capture", "nosuch", "--help"}, {"info", "a", "b", "-h"}}) {
            CliRun r = CliRun.of(args);
            assertEquals(ExitCode.USAGE, r.exitCode(), String.join(" ", args) + ":\n" + r.out() + r.err());
            assertTrue(r.err().startsWith("vgtrace: "), r.err());
            assertTrue(r.out().isEmpty(), "no help printed:\n" + r.out());
        }
    }

    @Test
    void missingFileIsOneLineAndExitOne() {
        assertOneLineBadInput(CliRun.of("info", dir.resolve("nope.arrows").toString()), "no such trace file");
    }

    @Test
    void emptyFileIsOneLineAndExitOne() throws IOException {
        Path empty = Files.createFile(dir.resolve("empty.arrows"));
        assertOneLineBadInput(CliRun.of("dump", empty.toString()), "empty");
    }

    @Test
    void textFileIsOneLineAndExitOne() throws IOException {
        Path text = Files.writeString(dir.resolve("notes.arrows"), "this is not a trace\n".repeat(100));
        assertOneLineBadInput(CliRun.of("info", text.toString()), "not");
    }

    @Test
    void corruptTraceIsOneLineNeverAStackTrace() throws IOException {
        Path trace = dir.resolve("t.arrows");
        assertEquals(0, CliRun.of("generate", "-n", "2000", "-o", trace.toString()).exitCode());
        byte[] bytes = Files.readAllBytes(trace);
        for (int i = 200; i < 600; i++) bytes[i] ^= (byte) 0x5a;
        Path corrupt = Files.write(dir.resolve("corrupt.arrows"), bytes);
        CliRun r = CliRun.of("info", corrupt.toString());
        assertNotEquals(ExitCode.OK, r.exitCode());
        assertNotEquals(ExitCode.INTERNAL, r.exitCode(), r.err());
        assertFalse(r.err().contains("\tat "), "no stack trace:\n" + r.err());
    }

    private static void assertOneLineBadInput(CliRun r, String fragment) {
        assertEquals(ExitCode.BAD_INPUT, r.exitCode(), r.err());
        assertEquals(1, r.err().lines().count(), "one line:\n" + r.err());
        assertTrue(r.err().startsWith("vgtrace: "), r.err());
        assertTrue(r.err().contains(fragment), r.err());
    }
}
