package vgtrace.ui.stats;

import javafx.application.Platform;
import javafx.geometry.Insets;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import vgtrace.ui.ResultTables;
import vgtrace.ui.data.DataAccessException;
import vgtrace.ui.data.QueryResult;
import vgtrace.ui.data.SqlRunner;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/** Counts for the whole trace, fence latency percentiles per (context, ring), and per command type. */
public final class StatsView extends VBox {

    static final String SUMMARY = """
            SELECT (SELECT count(*) FROM messages_raw) AS "rows",
                   (SELECT count(*) FROM messages_raw WHERE kind = 'COMMAND') AS commands,
                   (SELECT count(*) FROM messages_raw WHERE kind = 'RESPONSE') AS responses,
                   (SELECT count(*) FROM errors) AS "error responses",
                   (SELECT count(*) FROM fences) AS "fenced commands",
                   (SELECT count(*) FROM fences WHERE NOT signalled) AS "never signalled",
                   (SELECT count(*) FROM contexts) AS contexts,
                   (SELECT count(*) FROM resources) AS resources,
                   (SELECT count(*) FROM blobs) AS blobs,
                   (SELECT count(*) FROM blobs WHERE alive_at_end) AS "leaked blobs"
            """;

    static final String RINGS = """
            SELECT timeline, fences, unsignalled, retired_early,
                   out_of_order, round(p50_latency_ns / 1e3, 1) AS p50_us, round(p99_latency_ns / 1e3, 1) AS p99_us,
                   round(max_latency_ns / 1e3, 1) AS max_us, round(max_submit_gap_ns / 1e3, 1) AS max_gap_us
            FROM rings ORDER BY ctx_id NULLS FIRST, ring_idx NULLS FIRST""";

    static final String TYPES = """
            SELECT type_name AS type, commands, fenced, errors, round(p50_latency_ns / 1e3, 1) AS p50_us,
                   round(p90_latency_ns / 1e3, 1) AS p90_us, round(p99_latency_ns / 1e3, 1) AS p99_us
            FROM type_stats ORDER BY commands DESC""";

    private final SqlRunner sql;
    private final Executor queries;
    private final Consumer<String> status;
    private final GridPane summary = new GridPane();
    private final TableView<List<Object>> rings = new TableView<>();
    private final TableView<List<Object>> types = new TableView<>();
    private CompletableFuture<Void> loaded;

    public StatsView(SqlRunner sql, Executor queries, Consumer<String> status) {
        this.sql = sql;
        this.queries = queries;
        this.status = status;
        summary.setHgap(24);
        summary.setVgap(4);
        Label ringTitle = new Label("Fence latency per timeline (context, ring), microseconds");
        Label typeTitle = new Label("Commands per type, response latency in microseconds");
        ringTitle.getStyleClass().add("section-title");
        typeTitle.getStyleClass().add("section-title");
        getChildren().addAll(summary, ringTitle, rings, typeTitle, types);
        VBox.setVgrow(rings, Priority.ALWAYS);
        VBox.setVgrow(types, Priority.ALWAYS);
        setSpacing(6);
        setPadding(new Insets(8));
    }

    /** Runs the three queries once (they scan the whole trace); completes when shown. */
    public synchronized CompletableFuture<Void> load() {
        if (loaded != null) return loaded;
        loaded = new CompletableFuture<>();
        CompletableFuture<Void> done = loaded;
        queries.execute(() -> {
            try {
                QueryResult s = sql.run(SUMMARY, 1);
                QueryResult r = sql.run(RINGS, 10_000);
                QueryResult t = sql.run(TYPES, 1_000);
                Platform.runLater(() -> {
                    showSummary(s);
                    ResultTables.show(rings, r);
                    ResultTables.show(types, t);
                    done.complete(null);
                });
            } catch (DataAccessException e) {
                Platform.runLater(() -> {
                    status.accept("stats: " + e.getMessage());
                    done.completeExceptionally(e);
                });
            }
        });
        return done;
    }

    private void showSummary(QueryResult s) {
        summary.getChildren().clear();
        List<Object> values = s.rows().getFirst();
        int perColumn = (s.columns().size() + 1) / 2;
        for (int i = 0; i < s.columns().size(); i++) {
            Label name = new Label(s.columns().get(i));
            Label value = new Label(String.format("%,d", ((Number) values.get(i)).longValue()));
            value.getStyleClass().add("stat-value");
            summary.add(name, (i / perColumn) * 2, i % perColumn);
            summary.add(value, (i / perColumn) * 2 + 1, i % perColumn);
        }
    }

    public TableView<List<Object>> rings() {
        return rings;
    }
}
