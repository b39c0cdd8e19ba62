package vgtrace.analyzer;

import vgtrace.core.protocol.CtrlType;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The SQL views, one module per resource file {@code sql/NAME.sql}, installed in dependency order.
 * Each module declares the public view of its name and private helpers prefixed {@code _}.
 */
public final class SqlModules {

    /** Module names in the order they are installed (later ones use earlier ones). */
    public static final List<String> MODULES = List.of("messages", "commands", "fences", "signals", "rings", "resources",
            "blobs", "contexts", "errors", "frames", "type_stats", "timeline");

    private SqlModules() {
    }

    /** Installs every module, telling {@code progress} how long each one took to build. */
    static void install(Connection db, Consumer<String> progress) throws SQLException {
        try (Statement s = db.createStatement()) {
            for (String module : MODULES) {
                long start = System.nanoTime();
                for (String statement : statements(source(module))) {
                    try {
                        s.execute(statement);
                    } catch (SQLException e) {
                        throw new SQLException("SQL module " + module + ": " + DuckDb.oneLine(e), e);
                    }
                }
                progress.accept(String.format("built %s in %.2f s", module, (System.nanoTime() - start) / 1e9));
            }
        }
    }

    /** The text of module {@code name}. */
    public static String source(String name) {
        String resource = "sql/" + name + ".sql";
        try (InputStream in = SqlModules.class.getResourceAsStream(resource)) {
            if (in == null) throw new IllegalStateException("missing SQL module " + resource);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Splits a module into statements at the semicolons that end a line, dropping comment lines
     * (they document the views; DuckDB need not see them), with each {@code ${NAME}} replaced by a
     * type code: the code of {@link CtrlType} NAME, or for {@code ${ERROR_CODES}} the error codes
     * as a list. Filtering on codes instead of names is what lets a module scan millions of commands
     * in a fraction of a second.
     */
    static List<String> statements(String sql) {
        String code = sql.lines().filter(l -> !l.strip().startsWith("--")).collect(Collectors.joining("\n"));
        code = CONSTANT.matcher(code).replaceAll(m -> constant(m.group(1)));
        return Arrays.stream(code.split(";\\s*(\\n|$)")).filter(s -> !s.isBlank()).toList();
    }

    private static final Pattern CONSTANT = Pattern.compile("\\$\\{([A-Z0-9_]+)}");

    private static String constant(String name) {
        if (name.equals("ERROR_CODES")) {
            return Arrays.stream(CtrlType.values()).filter(t -> t.kind() == CtrlType.Kind.RESPONSE_ERR)
                    .map(t -> Integer.toString(t.code())).collect(Collectors.joining(", "));
        }
        try {
            return Integer.toString(CtrlType.valueOf(name).code());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("SQL module names an unknown constant ${" + name + "}", e);
        }
    }
}
