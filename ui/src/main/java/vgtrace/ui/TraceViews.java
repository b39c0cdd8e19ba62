package vgtrace.ui;

import javafx.beans.property.ObjectProperty;
import javafx.scene.Node;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import vgtrace.ui.console.SqlConsoleView;
import vgtrace.ui.data.TraceData;
import vgtrace.ui.inspector.InspectorView;
import vgtrace.ui.lifecycle.LifecycleView;
import vgtrace.ui.stats.StatsView;
import vgtrace.ui.timeline.TimelineView;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/** The views of one open trace, sharing one selection (a new one per trace, so closed views hold nothing); built on the FX thread once the trace is loaded. */
public final class TraceViews {

    /** The tabs, in the order of the Ctrl+digit shortcuts. */
    public enum View { TIMELINE, LIFECYCLES, INSPECTOR, SQL, STATS, HELP }

    private final TraceData data;
    private final LinkedSelection selection = new LinkedSelection();
    private final TimelineView timeline;
    private final LifecycleView lifecycles;
    private final InspectorView inspector;
    private final SqlConsoleView console;
    private final StatsView stats;

    TraceViews(TraceData data, Executor queries, ObjectProperty<Theme> theme,
               Consumer<String> status) {
        this.data = data;
        long origin = data.timeline().extent().startNs();
        this.timeline = new TimelineView(data.timeline(), queries, selection, theme, status);
        this.lifecycles = new LifecycleView(data.lifecycles(), data.timeline().extent(), queries, selection, theme, status);
        this.inspector = new InspectorView(data.messages(), origin, selection, status);
        this.console = new SqlConsoleView(data.sql(), queries);
        this.stats = new StatsView(data.sql(), queries, status);
    }

    /** Fills {@code tabs} with the trace's views and the help panel. */
    void install(TabPane tabs, HelpView help) {
        tabs.getTabs().setAll(tab("Timeline", timeline), tab("Lifecycles", lifecycles), tab("Inspector", inspector),
                tab("SQL", console), tab("Stats", stats), tab("Help", help));
        tabs.getSelectionModel().selectedIndexProperty().addListener((o, a, b) -> {
            if (b.intValue() == View.STATS.ordinal()) stats.load();
        });
    }

    private static Tab tab(String name, Node content) {
        Tab t = new Tab(name, content);
        t.setClosable(false);
        return t;
    }

    /** Completes when the view's data is on screen (each view loads lazily or in the background). */
    public CompletableFuture<?> ready(View view) {
        return switch (view) {
            case TIMELINE -> timeline.refresh();
            case LIFECYCLES -> lifecycles.refresh();
            case STATS -> stats.load();
            case SQL -> console.run();
            case INSPECTOR, HELP -> CompletableFuture.completedFuture(null);
        };
    }

    /** The selection shared by this trace's views. */
    public LinkedSelection selection() {
        return selection;
    }

    public TraceData data() {
        return data;
    }

    public TimelineView timeline() {
        return timeline;
    }

    public LifecycleView lifecycles() {
        return lifecycles;
    }

    public InspectorView inspector() {
        return inspector;
    }

    public SqlConsoleView console() {
        return console;
    }

    public StatsView stats() {
        return stats;
    }
}
