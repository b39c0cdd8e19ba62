package vgtrace.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * What {@code vgtrace capture} checks before it starts or connects to the back-end (QEMU's
 * vhost-user-gpu serves one client and exits, so a mistake found after connecting costs the user
 * their back-end), and {@code capture qemu} before it starts QEMU. Each failure is one line saying
 * what is wrong and what to do.
 */
final class CaptureChecks {

    private CaptureChecks() {
    }

    /** @throws UserInputException (exit 1) naming the first problem */
    static void beforeConnecting(Path listen, Path output, boolean force) {
        output(output, force);
        if (Files.exists(listen, LinkOption.NOFOLLOW_LINKS))
            throw new UserInputException("--listen " + listen + " exists: remove it (a socket left by an earlier run?) "
                    + "or choose another path; vgtrace creates the socket");
        canCreateIn(listen, "--listen", "the socket");
    }

    /** @throws UserInputException (exit 1) when the trace {@code output} cannot be created */
    static void output(Path output, boolean force) {
        if (Files.isDirectory(output)) throw new UserInputException(output + " is a directory: give -o a file name, e.g. "
                + output.resolve("capture.arrows"));
        if (Files.exists(output, LinkOption.NOFOLLOW_LINKS) && !force)
            throw new UserInputException(output + " exists: use --force to replace it, or choose another -o");
        canCreateIn(output, "-o", "the trace");
    }

    /** The directory of {@code file} exists and takes new files (tried, so read-only file systems show too). */
    private static void canCreateIn(Path file, String option, String what) {
        Path dir = file.toAbsolutePath().getParent();
        if (!Files.isDirectory(dir))
            throw new UserInputException("%s %s: directory %s does not exist: create it, or choose another %s"
                    .formatted(option, file, dir, option));
        try {
            Files.delete(Files.createTempFile(dir, ".vgtrace-check-", ""));
        } catch (IOException | UnsupportedOperationException e) {
            throw new UserInputException("%s %s: cannot create %s in %s (read-only or no permission): choose another %s"
                    .formatted(option, file, what, dir, option));
        }
    }
}
