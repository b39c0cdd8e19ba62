package vgtrace.ui;

import javafx.geometry.Point2D;
import javafx.scene.Node;
import javafx.scene.control.TabPane;
import javafx.scene.layout.BorderPane;
import javafx.scene.control.TreeItem;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;
import vgtrace.ui.data.Lane;
import vgtrace.ui.data.MessageRef;
import vgtrace.ui.data.MessageRow;
import vgtrace.ui.data.TickBucket;
import vgtrace.ui.data.TimelineFrame;
import vgtrace.ui.timeline.TimelineView;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The workbench driven like a user, on JavaFX's Headless platform: open, select, inspect, query. */
@ExtendWith(ApplicationExtension.class)
class WorkbenchFlowTest {

    @TempDir
    static Path config;
    Workbench bench;

    @Start
    void start(Stage stage) {
        bench = new Workbench(new RecentFiles(config.resolve("recent")), 1280, 800);
        stage.setScene(bench.scene());
        stage.show();
    }

    @Test
    void openSelectInspectQuery(FxRobot robot) throws Exception {
        Path trace = TestTraces.generated();
        TraceViews views = onFx(() -> bench.open(trace)).get(120, TimeUnit.SECONDS);
        assertEquals(List.of(trace.toAbsolutePath().normalize()), new RecentFiles(config.resolve("recent")).list());

        // Select: click a command tick on the first ring lane of the timeline (once it is laid out).
        robot.interact(() -> bench.show(TraceViews.View.TIMELINE));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> views.timeline().getWidth() > 200);
        TimelineFrame frame = onFx(() -> views.timeline().refresh()).get(60, TimeUnit.SECONDS);
        List<Lane> lanes = views.data().timeline().lanes();
        int lane = lanes.indexOf(lanes.stream().filter(l -> l instanceof Lane.Ring(int c, Integer r) && r != null)
                .findFirst().orElseThrow());
        TickBucket tick = frame.ticks().stream().filter(t -> t.lane() == lane).findFirst().orElseThrow();
        Point2D at = views.timeline().localToScreen(150 + tick.column() + 0.5, 26 + lane * 30 + 9);
        robot.clickOn(at);
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> views.selection().selected() != null);
        MessageRef picked = views.selection().selected();
        Lane.Ring ring = (Lane.Ring) lanes.get(lane);
        assertEquals(1, views.data().sql().count("SELECT count(*) FROM messages_raw WHERE seq = ? AND kind = 'COMMAND'"
                + " AND ctx_id = ? AND ring_idx = ?", picked.seq(), ring.ctx(), ring.ring()), "picked " + picked);

        // Inspect: the inspector follows the selection with the decoded fields, the bytes and the paired response.
        robot.interact(() -> bench.show(TraceViews.View.INSPECTOR));
        MessageRow row = views.inspector().table().getSelectionModel().getSelectedItem();
        assertNotNull(row);
        assertEquals(picked.seq(), row.seq());
        TreeItem<String> root = views.inspector().fields().getRoot();
        assertTrue(root.getValue().startsWith(row.typeName()), root.getValue());
        assertTrue(labels(root).anyMatch(s -> s.equals("ringIdx: " + ring.ring())), "decoded header has the ring");
        assertFalse(views.inspector().hex().getText().isBlank());
        assertFalse(views.inspector().partnerButton().isDisabled(), "a fenced command has its response");
        robot.clickOn(views.inspector().partnerButton());
        WaitForAsyncUtils.waitForFxEvents();
        long response = views.selection().selected().seq();
        assertEquals(picked.seq(), views.data().sql().count("SELECT pair_seq FROM messages_raw WHERE seq = ?", response));

        // Query: type a statement in the SQL console and run it with Ctrl+Enter.
        robot.interact(() -> bench.show(TraceViews.View.SQL));
        robot.interact(() -> views.console().editor().clear());
        robot.clickOn(views.console().editor()).write("SELECT count(*) AS n FROM commands WHERE is_error");
        robot.press(KeyCode.CONTROL, KeyCode.ENTER).release(KeyCode.ENTER, KeyCode.CONTROL);
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> !views.console().results().getItems().isEmpty());
        long errors = views.data().sql().count("SELECT count(*) FROM errors");
        assertTrue(errors > 0);
        assertEquals(errors, ((Number) views.console().results().getItems().getFirst().getFirst()).longValue());

        // Linked: selecting in the table moves the timeline's selection.
        robot.interact(() -> views.inspector().table().getSelectionModel().clearAndSelect(5));
        assertEquals(views.inspector().table().getItems().get(5).seq(), views.selection().selected().seq());
    }

    @Test
    void themeShortcutAndBadFile(FxRobot robot) throws Exception {
        robot.press(KeyCode.CONTROL, KeyCode.T).release(KeyCode.T, KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(Theme.DARK, bench.themeProperty().get());
        assertTrue(bench.scene().getStylesheets().stream().anyMatch(s -> s.endsWith("dark.css")));
        Path bad = config.resolve("not-a-trace.arrows");
        java.nio.file.Files.writeString(bad, "hello");
        bench.previewFirst(p -> true); // the overview's own read of the file fails first, the same way
        var opening = onFx(() -> bench.open(bad));
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, opening::isDone);
        assertTrue(opening.isCompletedExceptionally());
        assertTrue(bench.status().getText().startsWith("cannot open"), bench.status().getText());
        assertFalse(bench.status().getText().contains("\n"), "one line: " + bench.status().getText());
        assertTrue(bench.views().isEmpty());
        assertTrue(onFx(() -> bench.preview().isEmpty()));
    }

    @Test
    void aSlowOpenShowsTheTimelineOverviewUntilTheViewsAreReady() throws Exception {
        Path trace = TestTraces.generated();
        List<Node> shown = new CopyOnWriteArrayList<>();
        onFx(() -> {
            ((BorderPane) bench.scene().getRoot()).centerProperty().addListener((o, a, b) -> shown.add(b));
            bench.previewFirst(p -> true); // the test trace is small: treat it as one without a cache
            return null;
        });
        TraceViews views = onFx(() -> bench.open(trace)).get(120, TimeUnit.SECONDS);
        assertTrue(shown.size() >= 2, "the overview, then the views: " + shown);
        assertTrue(shown.getFirst() instanceof BorderPane p && p.getCenter() instanceof TimelineView,
                "first the overview's timeline: " + shown.getFirst());
        assertTrue(shown.getLast() instanceof TabPane, "then the views' tabs: " + shown.getLast());
        assertTrue(onFx(() -> bench.preview().isEmpty()), "the overview is gone once the views are ready");
        assertFalse(views.data().timeline().lanes().isEmpty());
    }

    /** Runs {@code action} on the FX thread and returns its result. */
    private static <T> T onFx(java.util.concurrent.Callable<T> action) throws Exception {
        return WaitForAsyncUtils.asyncFx(action).get(30, TimeUnit.SECONDS);
    }

    private static Stream<String> labels(TreeItem<String> item) {
        return Stream.concat(Stream.of(item.getValue()), item.getChildren().stream().flatMap(WorkbenchFlowTest::labels));
    }
}
