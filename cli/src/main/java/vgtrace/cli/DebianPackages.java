package vgtrace.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** What dpkg says is installed in a system root, read from its status file (no dpkg needed). */
final class DebianPackages {

    static final String VIRGLRENDERER = "libvirglrenderer1";

    private DebianPackages() {
    }

    /** The installed version of {@code pkg} under {@code root} ("/" for this system), if dpkg knows it. */
    static Optional<String> installedVersion(Path root, String pkg) {
        Path status = root.resolve("var/lib/dpkg/status");
        String text;
        try {
            text = Files.readString(status);
        } catch (IOException e) {
            return Optional.empty();
        }
        for (String stanza : text.split("\n\n")) {
            if (!stanza.startsWith("Package: " + pkg + "\n") || !stanza.contains("\nStatus: install ok installed")) continue;
            for (String line : stanza.split("\n")) {
                if (line.startsWith("Version: ")) return Optional.of(line.substring("Version: ".length()).trim());
            }
        }
        return Optional.empty();
    }
}
