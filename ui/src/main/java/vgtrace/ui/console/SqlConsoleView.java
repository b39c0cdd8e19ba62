package vgtrace.ui.console;

import javafx.application.Platform;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.chart.BarChart;
import javafx.scene.chart.CategoryAxis;
import javafx.scene.chart.NumberAxis;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import vgtrace.ui.ResultTables;
import vgtrace.ui.data.CannedQuery;
import vgtrace.ui.data.DataAccessException;
import vgtrace.ui.data.QueryResult;
import vgtrace.ui.data.SqlRunner;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * DuckDB over the open trace: the analyzer's canned views and some questions one click away, a statement editor (Ctrl+Enter runs),
 * the first rows in a table and a bar chart of the first text column against the first numeric one.
 */
public final class SqlConsoleView extends BorderPane {

    static final int MAX_ROWS = 10_000;
    static final int CHART_BARS = 30;

    private final SqlRunner sql;
    private final Executor queries;
    private final TextArea editor = new TextArea();
    private final TableView<List<Object>> results = new TableView<>();
    private final BarChart<String, Number> chart = new BarChart<>(new CategoryAxis(), new NumberAxis());
    private final Label info = new Label("Pick a query above or write one; Ctrl+Enter runs it.");

    public SqlConsoleView(SqlRunner sql, Executor queries) {
        this.sql = sql;
        this.queries = queries;
        FlowPane views = buttons("Views:", CannedQuery.views());
        FlowPane canned = buttons("Questions:", CannedQuery.ALL);
        Button run = new Button("Run");
        run.setOnAction(e -> run());
        editor.getStyleClass().add("sql-editor");
        editor.setPrefRowCount(6);
        editor.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.ENTER && e.isShortcutDown()) {
                run();
                e.consume();
            }
        });
        chart.setLegendVisible(false);
        chart.setAnimated(false);
        chart.setMinHeight(160);
        VBox top = new VBox(6, views, canned, editor, new HBox(8, run, info));
        top.setPadding(new Insets(6));
        SplitPane bottom = new SplitPane(results, chart);
        bottom.setOrientation(Orientation.HORIZONTAL);
        bottom.setDividerPositions(0.6);
        setTop(top);
        setCenter(bottom);
    }

    /** A labelled row of buttons, each putting its query in the editor and running it. */
    private FlowPane buttons(String label, List<CannedQuery> queries) {
        FlowPane row = new FlowPane(6, 6);
        Label title = new Label(label);
        title.setMinWidth(70);
        row.getChildren().add(title);
        for (CannedQuery q : queries) {
            Button b = new Button(q.title());
            b.setMnemonicParsing(false);
            b.setOnAction(e -> {
                editor.setText(q.sql());
                run();
            });
            row.getChildren().add(b);
        }
        row.setAlignment(Pos.CENTER_LEFT);
        return row;
    }

    /** Runs the editor's statement off the FX thread; completes once the results are shown. */
    public CompletableFuture<QueryResult> run() {
        String statement = editor.getText();
        CompletableFuture<QueryResult> done = new CompletableFuture<>();
        info.setText("running...");
        queries.execute(() -> {
            try {
                QueryResult r = sql.run(statement, MAX_ROWS);
                Platform.runLater(() -> {
                    show(r);
                    done.complete(r);
                });
            } catch (DataAccessException e) {
                Platform.runLater(() -> {
                    info.setText("error: " + e.getMessage());
                    done.completeExceptionally(e);
                });
            }
        });
        return done;
    }

    private void show(QueryResult r) {
        ResultTables.show(results, r);
        info.setText(String.format("%,d rows%s in %.1f ms", r.rows().size(), r.truncated() ? " (first " + MAX_ROWS + ")" : "",
                r.elapsedNs() / 1e6));
        chart.getData().setAll(QuickChart.series(r, CHART_BARS).stream().toList());
    }

    public TextArea editor() {
        return editor;
    }

    public TableView<List<Object>> results() {
        return results;
    }

    public BarChart<String, Number> chart() {
        return chart;
    }
}
