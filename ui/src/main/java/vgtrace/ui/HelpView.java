package vgtrace.ui;

import javafx.geometry.Insets;
import javafx.scene.control.Label;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;

import java.util.List;

/** The keyboard shortcuts and mouse gestures, one table. */
final class HelpView extends VBox {

    record Shortcut(String keys, String action) {
    }

    static final List<Shortcut> SHORTCUTS = List.of(
            new Shortcut("Ctrl+O", "open a trace (or drop a .arrows file on the window)"),
            new Shortcut("Ctrl+W", "close the trace"),
            new Shortcut("Ctrl+1 ... Ctrl+6", "timeline, lifecycles, inspector, SQL, stats, help"),
            new Shortcut("Ctrl+T", "switch between light and dark themes"),
            new Shortcut("F1", "this help"),
            new Shortcut("Ctrl+Q", "quit"),
            new Shortcut("Timeline: wheel, + / -, W / S", "zoom around the pointer / the centre"),
            new Shortcut("Timeline: drag, Left / Right, A / D", "pan"),
            new Shortcut("Timeline: Shift+wheel, Up / Down", "scroll lanes"),
            new Shortcut("Timeline: Home or 0", "whole trace"),
            new Shortcut("Timeline: click / double-click", "select the nearest command / zoom in"),
            new Shortcut("Timeline: Enter", "centre on the selection"),
            new Shortcut("Lifecycles: wheel, Up / Down, PgUp / PgDn", "scroll resources"),
            new Shortcut("Lifecycles: Ctrl+wheel, + / -, drag", "zoom and pan time"),
            new Shortcut("Lifecycles: click", "select the resource's create command"),
            new Shortcut("Inspector: Enter in the filter", "apply the SQL filter"),
            new Shortcut("SQL: Ctrl+Enter", "run the statement"));

    HelpView() {
        GridPane grid = new GridPane();
        grid.setHgap(24);
        grid.setVgap(6);
        for (int i = 0; i < SHORTCUTS.size(); i++) {
            Label keys = new Label(SHORTCUTS.get(i).keys());
            keys.getStyleClass().add("shortcut-keys");
            grid.add(keys, 0, i);
            grid.add(new Label(SHORTCUTS.get(i).action()), 1, i);
        }
        Label title = new Label("Keyboard and mouse");
        title.getStyleClass().add("section-title");
        Label views = new Label("""
                Selecting a message anywhere selects it everywhere: the timeline marks it, the inspector shows \
                its fields, bytes and paired message, the lifecycle view scrolls to the resource it names.""");
        views.setWrapText(true);
        getChildren().addAll(title, grid, views);
        setSpacing(12);
        setPadding(new Insets(16));
    }
}
