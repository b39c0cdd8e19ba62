package vgtrace.ui;

import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import vgtrace.ui.data.QueryResult;

import java.util.List;

/** Puts a {@link QueryResult} in a TableView: a column per result column, rows as kept by the query. */
public final class ResultTables {

    private ResultTables() {
    }

    public static void show(TableView<List<Object>> table, QueryResult result) {
        table.getColumns().clear();
        for (int c = 0; c < result.columns().size(); c++) {
            int index = c;
            TableColumn<List<Object>, Object> column = new TableColumn<>(result.columns().get(c));
            column.setCellValueFactory(f -> new ReadOnlyObjectWrapper<>(f.getValue().get(index)));
            column.setPrefWidth(width(result, c));
            table.getColumns().add(column);
        }
        table.getItems().setAll(result.rows());
    }

    /** Wide enough for the header and the first rows' values, within reason. */
    private static double width(QueryResult result, int column) {
        int chars = result.columns().get(column).length() + 2;
        for (List<Object> row : result.rows().subList(0, Math.min(50, result.rows().size()))) {
            chars = Math.max(chars, String.valueOf(row.get(column)).length());
        }
        return Math.clamp(7.5 * chars + 16, 60, 360);
    }
}
