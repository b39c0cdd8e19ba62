package vgtrace.cli;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Stream;

/** Finding a program as a shell would: a name with a slash as it is, else on the PATH (and the sbin directories). */
final class Executables {

    private Executables() {
    }

    static Optional<Path> find(String name) {
        if (name.contains("/")) return Optional.of(Path.of(name)).filter(Files::isExecutable);
        return Stream.concat(Arrays.stream(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)),
                        Stream.of("/usr/sbin", "/sbin"))
                .filter(d -> !d.isEmpty())
                .map(d -> Path.of(d, name))
                .filter(Files::isExecutable)
                .findFirst();
    }
}
