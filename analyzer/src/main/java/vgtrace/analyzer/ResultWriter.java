package vgtrace.analyzer;

import java.io.PrintWriter;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Array;
import java.sql.Blob;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/** Prints a result set as a table, CSV or JSON; CSV and JSON stream, so any size works. */
public final class ResultWriter {

    /** Rows a table shows; the rest are counted. */
    public static final int TABLE_ROW_LIMIT = 10_000;
    /** Bytes of a binary value a table shows. */
    private static final int TABLE_BYTES = 16;

    private ResultWriter() {
    }

    /** Writes every row of {@code rs} (a table stops at its limit); returns the number of rows. */
    public static long write(ResultSet rs, ResultFormat format, PrintWriter out) throws SQLException {
        List<String> columns = columns(rs.getMetaData());
        long n = switch (format) {
            case TABLE -> table(rs, columns, out);
            case CSV -> csv(rs, columns, out);
            case JSON -> json(rs, columns, out);
        };
        out.flush();
        return n;
    }

    private static List<String> columns(ResultSetMetaData meta) throws SQLException {
        List<String> names = new ArrayList<>();
        for (int i = 1; i <= meta.getColumnCount(); i++) names.add(meta.getColumnLabel(i));
        return names;
    }

    private static long table(ResultSet rs, List<String> columns, PrintWriter out) throws SQLException {
        List<String[]> rows = new ArrayList<>();
        int[] width = columns.stream().mapToInt(String::length).toArray();
        long total = 0;
        while (rs.next()) {
            total++;
            if (rows.size() >= TABLE_ROW_LIMIT) continue;
            String[] row = new String[columns.size()];
            for (int i = 0; i < row.length; i++) {
                row[i] = text(rs.getObject(i + 1), TABLE_BYTES);
                width[i] = Math.max(width[i], row[i].length());
            }
            rows.add(row);
        }
        printRow(out, columns.toArray(String[]::new), width);
        String[] rule = Arrays.stream(width).mapToObj("-"::repeat).toArray(String[]::new);
        printRow(out, rule, width);
        for (String[] row : rows) printRow(out, row, width);
        if (total > rows.size()) {
            out.printf("(%,d rows; showing the first %,d: use --format csv for all)%n", total, rows.size());
        } else {
            out.printf("(%,d row%s)%n", total, total == 1 ? "" : "s");
        }
        return total;
    }

    private static void printRow(PrintWriter out, String[] cells, int[] width) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < cells.length; i++) {
            if (i > 0) line.append("  ");
            line.append(cells[i]).append(" ".repeat(width[i] - cells[i].length()));
        }
        out.println(line.toString().stripTrailing());
    }

    private static long csv(ResultSet rs, List<String> columns, PrintWriter out) throws SQLException {
        out.println(String.join(",", columns.stream().map(ResultWriter::csvField).toList()));
        long n = 0;
        StringBuilder line = new StringBuilder();
        while (rs.next()) {
            line.setLength(0);
            for (int i = 1; i <= columns.size(); i++) {
                if (i > 1) line.append(',');
                Object v = rs.getObject(i);
                if (v != null) line.append(csvField(text(v, Integer.MAX_VALUE)));
            }
            out.println(line);
            n++;
        }
        return n;
    }

    private static String csvField(String s) {
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) return s;
        return '"' + s.replace("\"", "\"\"") + '"';
    }

    private static long json(ResultSet rs, List<String> columns, PrintWriter out) throws SQLException {
        out.print('[');
        long n = 0;
        StringBuilder obj = new StringBuilder();
        while (rs.next()) {
            obj.setLength(0);
            obj.append(n == 0 ? "\n{" : ",\n{");
            for (int i = 1; i <= columns.size(); i++) {
                if (i > 1) obj.append(',');
                Json.string(obj, columns.get(i - 1)).append(':');
                jsonValue(obj, rs.getObject(i));
            }
            out.print(obj.append('}'));
            n++;
        }
        out.println(n == 0 ? "]" : "\n]");
        return n;
    }

    private static void jsonValue(StringBuilder out, Object v) throws SQLException {
        switch (v) {
            case null -> out.append("null");
            case Boolean b -> out.append(b);
            case Double d when d.isNaN() || d.isInfinite() -> out.append("null");
            case Float f when f.isNaN() || f.isInfinite() -> out.append("null");
            case Byte _, Short _, Integer _, Long _, Float _, Double _, BigInteger _, BigDecimal _ -> out.append(v);
            default -> Json.string(out, text(v, Integer.MAX_VALUE));
        }
    }

    /** A value as text: binary as hex (cut to {@code maxBytes}), lists as [a, b]. */
    static String text(Object v, int maxBytes) throws SQLException {
        return switch (v) {
            case null -> "null";
            case byte[] bytes -> hex(bytes, maxBytes);
            case Double d -> plain(d);
            case Float f -> plain(f.doubleValue());
            case Blob blob -> hex(blob.getBytes(1, (int) Math.min(blob.length(), Math.min(maxBytes + 1L, Integer.MAX_VALUE - 8))),
                    maxBytes);
            case Array array when array.getArray() instanceof Object[] items -> Arrays.deepToString(items);
            default -> v.toString();
        };
    }

    /** A double without exponent notation: 14759500 rather than 1.47595E7. */
    private static String plain(double d) {
        if (Double.isNaN(d) || Double.isInfinite(d)) return Double.toString(d);
        return new BigDecimal(Double.toString(d)).stripTrailingZeros().toPlainString();
    }

    private static String hex(byte[] bytes, int maxBytes) {
        if (bytes.length <= maxBytes) return HexFormat.of().formatHex(bytes);
        return HexFormat.of().formatHex(bytes, 0, maxBytes) + "...";
    }
}
