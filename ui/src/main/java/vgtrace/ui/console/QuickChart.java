package vgtrace.ui.console;

import javafx.scene.chart.XYChart;
import vgtrace.ui.data.QueryResult;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The quick chart of a result: bars of its first numeric column that is not an id, labelled by its
 * first non-numeric column (or the row number), for the first rows. None without such a column.
 */
final class QuickChart {

    private QuickChart() {
    }

    static Optional<XYChart.Series<String, Number>> series(QueryResult r, int maxBars) {
        if (r.rows().isEmpty()) return Optional.empty();
        int value = -1;
        int label = -1;
        for (int c = 0; c < r.columns().size(); c++) {
            boolean numeric = numeric(r, c);
            if (numeric && value < 0 && !looksLikeId(r.columns().get(c))) value = c;
            if (!numeric && label < 0) label = c;
        }
        if (value < 0) return Optional.empty();
        XYChart.Series<String, Number> s = new XYChart.Series<>();
        s.setName(r.columns().get(value));
        Set<String> names = new HashSet<>();
        for (int i = 0; i < Math.min(maxBars, r.rows().size()); i++) {
            List<Object> row = r.rows().get(i);
            String name = label >= 0 ? String.valueOf(row.get(label)) : String.valueOf(i + 1);
            // A category axis merges equal names: keep every bar apart.
            if (!names.add(name)) name = name + " #" + (i + 1);
            Object v = row.get(value);
            s.getData().add(new XYChart.Data<>(name, v == null ? 0 : (Number) v));
        }
        return Optional.of(s);
    }

    private static boolean numeric(QueryResult r, int column) {
        boolean any = false;
        for (List<Object> row : r.rows()) {
            Object v = row.get(column);
            if (v != null && !(v instanceof Number)) return false;
            any |= v != null;
        }
        return any;
    }

    /** Ids and seqs are numbers, but charting them says nothing. */
    private static boolean looksLikeId(String column) {
        return column.equals("seq") || column.endsWith("_id") || column.endsWith("_seq") || column.endsWith("_idx");
    }
}
