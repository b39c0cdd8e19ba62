package vgtrace.ui;

import javafx.application.Application;
import javafx.application.Platform;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * Starts the UI from a command line. Not an {@code Application} itself: with JavaFX on the class path
 * (not the module path) the launcher class must not extend it.
 */
public final class UiLauncher {

    private UiLauncher() {
    }

    /** Opens the workbench window, with {@code trace} loaded if not null; returns when the window closes. */
    public static void open(Path trace, Theme theme) {
        List<String> args = new ArrayList<>();
        args.add("--" + WorkbenchApp.THEME + "=" + theme.name());
        if (trace != null) args.add(trace.toAbsolutePath().toString());
        Application.launch(WorkbenchApp.class, args.toArray(String[]::new));
    }

    /**
     * Renders every view of {@code trace} to PNG files in {@code dir} on JavaFX's Headless platform (no
     * display needed) and returns the files written.
     *
     * @throws IOException when the trace cannot be opened or a file cannot be written
     */
    public static List<Path> snapshot(Path dir, Path trace, Theme theme) throws IOException {
        System.setProperty("glass.platform", "Headless");
        System.setProperty("prism.order", "sw");
        System.setProperty("java.awt.headless", "true");
        startToolkit();
        try {
            return Snapshots.render(trace, dir, theme);
        } finally {
            Platform.exit();
        }
    }

    private static void startToolkit() {
        CountDownLatch started = new CountDownLatch(1);
        try {
            Platform.startup(started::countDown);
        } catch (IllegalStateException alreadyRunning) {
            started.countDown();
        }
        try {
            started.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
