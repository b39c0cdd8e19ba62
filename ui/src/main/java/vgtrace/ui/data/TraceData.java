package vgtrace.ui.data;

import vgtrace.analyzer.LoadOptions;
import vgtrace.analyzer.TraceDatabase;
import vgtrace.core.trace.TraceEvent;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.function.Consumer;

/**
 * An open trace and every view's data source over it. The UI only sees the source interfaces, not
 * how rows are stored; this is the one place that knows they live in the analyzer's DuckDB.
 */
public final class TraceData implements AutoCloseable {

    private final TraceDatabase database;
    private final SqlRunner sql;
    private final TimelineSource timeline;
    private final LifecycleSource lifecycles;
    private final MessagePage messages;

    private TraceData(TraceDatabase database) {
        this.database = database;
        this.sql = new SqlRunner(database.connection());
        this.timeline = new DuckTimelineSource(sql);
        this.lifecycles = new DuckLifecycleSource(sql);
        this.messages = new DuckMessagePage(sql, this::payloadOf);
    }

    /**
     * Loads {@code trace} into DuckDB (without wire bytes and guest memory: the inspector reads the
     * selected row's from the trace file; a large trace gets the analyzer's cache file beside it, the
     * same one `vgtrace query` uses, so it reopens at once) and prepares the timeline's tables.
     *
     * @throws IOException when the file is not a readable trace
     */
    public static TraceData open(Path trace, Consumer<String> progress) throws IOException {
        TraceDatabase database = TraceDatabase.open(trace, LoadOptions.DEFAULTS.withProgress(progress));
        try {
            progress.accept("indexing fences and errors");
            return new TraceData(database);
        } catch (DataAccessException e) {
            try {
                database.close();
            } catch (SQLException closing) {
                e.addSuppressed(closing);
            }
            throw new IOException(trace + ": " + e.getMessage(), e);
        }
    }

    /**
     * True when {@link #open} will load {@code trace} into DuckDB first (a large trace without a
     * current cache file: seconds per million rows), so an {@link #overview} is worth showing meanwhile.
     */
    public static boolean slowToOpen(Path trace) throws IOException {
        return TraceDatabase.needsLoad(trace, LoadOptions.DEFAULTS);
    }

    /** The timeline's overview read straight from the trace file: about a second for 10M messages. */
    public static TimelineSource overview(Path trace) throws IOException {
        return OverviewTimelineSource.read(trace);
    }

    private byte[] payloadOf(long seq) {
        try {
            return database.row(seq).map(TraceEvent::payload).orElse(null);
        } catch (IOException e) {
            throw new DataAccessException("cannot read row " + seq + " from the trace: " + e.getMessage(), e);
        }
    }

    public Path trace() {
        return database.trace();
    }

    /** Rows loaded. */
    public long rows() {
        return database.rows();
    }

    /** Bytes of a torn tail that could not be loaded (0 for a complete file). */
    public long tornBytes() {
        return database.tornBytes();
    }

    public TimelineSource timeline() {
        return timeline;
    }

    public LifecycleSource lifecycles() {
        return lifecycles;
    }

    public MessagePage messages() {
        return messages;
    }

    /** Direct SQL over the trace's views, for the console and the stats panel. */
    public SqlRunner sql() {
        return sql;
    }

    @Override
    public void close() throws SQLException {
        database.close();
    }
}
