package vgtrace.ui;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The traces opened last, newest first, one absolute path per line in a small file (by default
 * {@code $XDG_CONFIG_HOME/vgtrace/recent-traces}, else {@code ~/.config/vgtrace/recent-traces}).
 * Failing to read or write it never stops the UI: the list is a convenience.
 */
public final class RecentFiles {

    static final int KEPT = 10;

    private final Path file;

    public RecentFiles(Path file) {
        this.file = file;
    }

    public static RecentFiles standard() {
        String xdg = System.getenv("XDG_CONFIG_HOME");
        Path config = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".config");
        return new RecentFiles(config.resolve("vgtrace").resolve("recent-traces"));
    }

    /** The remembered traces, newest first; empty when the file is missing or unreadable. */
    public List<Path> list() {
        try {
            if (!Files.isRegularFile(file)) return List.of();
            return Files.readAllLines(file, StandardCharsets.UTF_8).stream().map(String::strip)
                    .filter(s -> !s.isEmpty()).map(Path::of).distinct().limit(KEPT).toList();
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }

    /** Puts {@code trace} first; returns false when the file could not be written. */
    public boolean add(Path trace) {
        List<Path> paths = new ArrayList<>();
        paths.add(trace.toAbsolutePath().normalize());
        for (Path p : list()) if (!paths.contains(p) && paths.size() < KEPT) paths.add(p);
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, paths.stream().map(Path::toString).toList(), StandardCharsets.UTF_8);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
