package vgtrace.ui;

import java.io.File;
import javafx.application.Platform;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.RadioMenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.TabPane;
import javafx.scene.control.ToggleGroup;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.StackPane;
import javafx.stage.FileChooser;
import javafx.stage.Stage;
import javafx.stage.Window;
import vgtrace.ui.data.TimelineSource;
import vgtrace.ui.data.TraceData;
import vgtrace.ui.timeline.TimelineView;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Predicate;

/**
 * The main window's content: menus, the views of the open trace in tabs, a status line. Opening a
 * trace (menu, recent list, drag and drop, command line) loads it on the query thread and then
 * replaces the views. All database work runs on one background thread, so the window stays live.
 * While a large trace loads for the first time, a timeline overview read straight from the file is
 * shown, on a thread of its own.
 */
public final class Workbench {

    private final BorderPane root = new BorderPane();
    private final TabPane tabs = new TabPane();
    private final Label status = new Label("Open a trace: File > Open (Ctrl+O), or drop a .arrows file here.");
    private final Menu recentMenu = new Menu("Open Recent");
    private final ObjectProperty<Theme> theme = new SimpleObjectProperty<>(Theme.LIGHT);
    private final ExecutorService queries = backgroundThread("vgtrace-ui-queries");
    private final RecentFiles recent;
    private final Scene scene;
    private TraceViews views;
    private Preview preview;
    private Predicate<Path> previewFirst = Workbench::slowToOpen;

    /** The overview shown while a trace loads, and the thread its frames are computed on. */
    private record Preview(TimelineView timeline, ExecutorService frames) {
    }

    public Workbench(RecentFiles recent, double width, double height) {
        this.recent = recent;
        StackPane placeholder = new StackPane(new Label("No trace open.\nFile > Open (Ctrl+O), a recent trace, "
                + "or drop a .arrows file on this window."));
        placeholder.getStyleClass().add("placeholder");
        root.setTop(menus());
        root.setCenter(placeholder);
        status.setPadding(new Insets(3, 8, 3, 8));
        status.getStyleClass().add("status-line");
        status.setMaxWidth(Double.MAX_VALUE);
        status.setAlignment(Pos.CENTER_LEFT);
        root.setBottom(status);
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        scene = new Scene(root, width, height);
        applyTheme(theme.get());
        theme.addListener((o, a, b) -> applyTheme(b));
        scene.setOnDragOver(e -> {
            if (e.getDragboard().hasFiles()) e.acceptTransferModes(TransferMode.COPY);
            e.consume();
        });
        scene.setOnDragDropped(e -> {
            boolean ok = e.getDragboard().hasFiles() && !e.getDragboard().getFiles().isEmpty();
            if (ok) open(e.getDragboard().getFiles().getFirst().toPath());
            e.setDropCompleted(ok);
            e.consume();
        });
        refreshRecent();
    }

    public Scene scene() {
        return scene;
    }

    public ObjectProperty<Theme> themeProperty() {
        return theme;
    }

    /** The open trace's views; empty before a trace is open. */
    public Optional<TraceViews> views() {
        return Optional.ofNullable(views);
    }

    /** Shows one tab. */
    public void show(TraceViews.View view) {
        if (views != null) tabs.getSelectionModel().select(view.ordinal());
    }

    private void applyTheme(Theme t) {
        scene.getStylesheets().setAll(Theme.class.getResource("base.css").toExternalForm(), t.styleSheet());
    }

    private MenuBar menus() {
        MenuItem open = item("Open...", new KeyCodeCombination(KeyCode.O, KeyCombination.SHORTCUT_DOWN), this::chooseAndOpen);
        MenuItem close = item("Close", new KeyCodeCombination(KeyCode.W, KeyCombination.SHORTCUT_DOWN), this::closeTrace);
        MenuItem quit = item("Quit", new KeyCodeCombination(KeyCode.Q, KeyCombination.SHORTCUT_DOWN), Platform::exit);
        Menu file = new Menu("File", null, open, recentMenu, close, new SeparatorMenuItem(), quit);
        Menu view = new Menu("View");
        KeyCode[] digits = {KeyCode.DIGIT1, KeyCode.DIGIT2, KeyCode.DIGIT3, KeyCode.DIGIT4, KeyCode.DIGIT5, KeyCode.DIGIT6};
        for (TraceViews.View v : TraceViews.View.values()) {
            String name = v.name().charAt(0) + v.name().substring(1).toLowerCase();
            view.getItems().add(item(name, new KeyCodeCombination(digits[v.ordinal()], KeyCombination.SHORTCUT_DOWN),
                    () -> show(v)));
        }
        ToggleGroup themes = new ToggleGroup();
        view.getItems().add(new SeparatorMenuItem());
        for (Theme t : Theme.values()) {
            RadioMenuItem r = new RadioMenuItem(t == Theme.LIGHT ? "Light theme" : "Dark theme");
            r.setToggleGroup(themes);
            r.setSelected(t == theme.get());
            r.setOnAction(e -> theme.set(t));
            theme.addListener((o, a, b) -> r.setSelected(b == t));
            view.getItems().add(r);
        }
        view.getItems().add(item("Toggle theme", new KeyCodeCombination(KeyCode.T, KeyCombination.SHORTCUT_DOWN),
                () -> theme.set(theme.get() == Theme.LIGHT ? Theme.DARK : Theme.LIGHT)));
        Menu help = new Menu("Help", null, item("Keyboard shortcuts", new KeyCodeCombination(KeyCode.F1),
                () -> show(TraceViews.View.HELP)));
        return new MenuBar(file, view, help);
    }

    private static MenuItem item(String text, KeyCombination keys, Runnable action) {
        MenuItem m = new MenuItem(text);
        m.setAccelerator(keys);
        m.setOnAction(e -> action.run());
        return m;
    }

    private void refreshRecent() {
        recentMenu.getItems().clear();
        for (Path p : recent.list()) {
            MenuItem m = new MenuItem(p.toString());
            m.setMnemonicParsing(false);
            m.setOnAction(e -> open(p));
            recentMenu.getItems().add(m);
        }
        recentMenu.setDisable(recentMenu.getItems().isEmpty());
    }

    private void chooseAndOpen() {
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Open a vgtrace trace");
        chooser.getExtensionFilters().addAll(new FileChooser.ExtensionFilter("vgtrace traces", "*.arrows"),
                new FileChooser.ExtensionFilter("All files", "*"));
        recent.list().stream().findFirst().map(p -> p.getParent() == null ? null : p.getParent().toFile())
                .filter(File::isDirectory).ifPresent(chooser::setInitialDirectory);
        Window owner = scene.getWindow();
        var chosen = chooser.showOpenDialog(owner);
        if (chosen != null) open(chosen.toPath());
    }

    /**
     * Loads {@code trace} in the background and shows it; the returned future completes on the FX
     * thread with the new views, or exceptionally (the status line says why). Call on the FX thread.
     */
    public CompletableFuture<TraceViews> open(Path trace) {
        CompletableFuture<TraceViews> done = new CompletableFuture<>();
        status.setText("opening " + trace + " ...");
        queries.execute(() -> {
            try {
                long start = System.nanoTime();
                if (previewFirst.test(trace)) {
                    TimelineSource overview = TraceData.overview(trace);
                    long ms = (System.nanoTime() - start) / 1_000_000;
                    Platform.runLater(() -> showPreview(trace, overview, ms));
                }
                TraceData data = TraceData.open(trace, m -> Platform.runLater(() -> status.setText(m)));
                long ms = (System.nanoTime() - start) / 1_000_000;
                Platform.runLater(() -> {
                    closeTrace();
                    closePreview();
                    views = new TraceViews(data, queries, theme, status::setText);
                    views.selection().revealOnTimelineProperty().addListener((o, a, b) -> show(TraceViews.View.TIMELINE));
                    HelpView help = new HelpView();
                    views.install(tabs, help);
                    root.setCenter(tabs);
                    recent.add(trace);
                    refreshRecent();
                    Window w = scene.getWindow();
                    if (w instanceof Stage s) s.setTitle("vgtrace - " + trace.getFileName());
                    status.setText(String.format("%s: %,d rows loaded in %,d ms%s", trace.getFileName(), data.rows(), ms,
                            data.tornBytes() > 0 ? String.format(" (torn file: last %,d bytes unreadable)", data.tornBytes()) : ""));
                    done.complete(views);
                });
            } catch (IOException | RuntimeException e) {
                Platform.runLater(() -> {
                    if (preview != null) {
                        closePreview();
                        root.setCenter(new StackPane(new Label("No trace open.")));
                    }
                    status.setText("cannot open " + trace + ": " + e.getMessage());
                    done.completeExceptionally(e);
                });
            }
        });
        return done;
    }

    /** One daemon thread that runs tasks in order: a window's queries never keep the JVM alive. */
    private static ExecutorService backgroundThread(String name) {
        return Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
    }

    private static boolean slowToOpen(Path trace) {
        try {
            return TraceData.slowToOpen(trace);
        } catch (IOException e) {
            return false; // the open itself reports what is wrong with the file
        }
    }

    /** Shows the overview of a trace that is still loading: the timeline alone, no selection. */
    private void showPreview(Path trace, TimelineSource overview, long ms) {
        closeTrace();
        closePreview();
        ExecutorService frames = backgroundThread("vgtrace-ui-overview");
        preview = new Preview(new TimelineView(overview, frames, new LinkedSelection(), theme, status::setText), frames);
        Label note = new Label("Overview read from the trace file in " + ms + " ms. Selection, the other views and "
                + "SQL come when the load below ends; zoomed in closer than the overview's bins, columns are merged.");
        note.setWrapText(true);
        note.setPadding(new Insets(3, 8, 3, 8));
        root.setCenter(new BorderPane(preview.timeline(), note, null, null, null));
        Window w = scene.getWindow();
        if (w instanceof Stage s) s.setTitle("vgtrace - " + trace.getFileName() + " (loading)");
    }

    private void closePreview() {
        if (preview == null) return;
        preview.frames().shutdown();
        preview = null;
    }

    /** The overview on screen while a trace loads; empty otherwise. */
    Optional<TimelineView> preview() {
        return Optional.ofNullable(preview).map(Preview::timeline);
    }

    /** Which traces get an overview while they load (default: those {@link TraceData#slowToOpen}). */
    void previewFirst(Predicate<Path> which) {
        previewFirst = which;
    }

    /** Closes the open trace, if any. */
    public void closeTrace() {
        if (views == null) return;
        TraceData data = views.data();
        views = null;
        tabs.getTabs().clear();
        root.setCenter(new StackPane(new Label("No trace open.")));
        queries.execute(() -> {
            try {
                data.close();
            } catch (SQLException e) {
                Platform.runLater(() -> status.setText("closing: " + e.getMessage()));
            }
        });
    }

    /** Closes the trace and stops the query thread. */
    public void shutdown() {
        closeTrace();
        closePreview();
        queries.shutdown();
    }

    public Label status() {
        return status;
    }
}
