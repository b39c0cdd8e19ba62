package vgtrace.analyzer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import vgtrace.core.protocol.CtrlType;
import vgtrace.core.synth.SyntheticTrace;
import vgtrace.core.trace.MessageFields;
import vgtrace.core.trace.WriterOptions;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The loader's pairing ({@link FirstPass}, {@link PairedBatches}) gives {@code commands} the
 * responses the self-join it replaced gave, kept here as the reference, and handles responses that
 * name the same command twice or name no command at all.
 */
class CommandPairingTest {

    /** The former {@code _command_pairs} join, on the trace's own columns. */
    private static final String JOIN = """
            SELECT c.seq, r.seq, r.ts_ns, r.type, r.pairing, r.map_info
            FROM messages_raw c
            LEFT JOIN messages_raw r ON r.kind = 'RESPONSE' AND r.pair_seq = c.seq
            WHERE c.kind = 'COMMAND'
            ORDER BY c.seq""";

    private static final String LOADED = """
            SELECT seq, response_seq, response_ts_ns, response_code, pairing, map_info
            FROM _commands
            ORDER BY seq""";

    @TempDir
    static Path dir;

    static Stream<Path> traces() throws IOException {
        // Small batches, so that many responses land in a later batch than their command.
        return GeneratedTraces.withSamples(dir, WriterOptions.DEFAULTS.withBatchRows(100),
                SyntheticTrace.real(10_000, 5), SyntheticTrace.of(8_000, 11));
    }

    @ParameterizedTest
    @MethodSource("traces")
    void sameResponsesAsTheSelfJoin(Path trace) throws IOException, SQLException {
        try (TraceDatabase db = TraceDatabase.open(trace, LoadOptions.IN_MEMORY)) {
            List<String> join = Sql.rows(db, JOIN);
            assertEquals(join, Sql.rows(db, LOADED), trace.toString());
            long naming = db.count("SELECT count(*) FROM messages_raw WHERE kind = 'RESPONSE' AND pair_seq IS NOT NULL");
            long answered = db.count("SELECT count(*) FROM commands WHERE response_seq IS NOT NULL");
            assertEquals(naming > 0, answered > 0, trace + ": responses that name commands answer some");
        }
    }

    @Test
    void firstOfTwoResponsesIsTheCommandsAndStrayResponsesPairNothing() throws IOException, SQLException {
        TraceBuilder b = new TraceBuilder();
        long display = b.command(10, CtrlType.GET_DISPLAY_INFO, 0, MessageFields.NONE);
        long unanswered = b.command(20, CtrlType.RESOURCE_FLUSH, 0, MessageFields.NONE);
        b.response(30, display, CtrlType.RESP_OK_DISPLAY_INFO, MessageFields.NONE);
        b.responseNaming(40, display, CtrlType.RESP_ERR_UNSPEC);
        long stray = b.responseNaming(50, 3, CtrlType.RESP_OK_NODATA); // names the first response, not a command
        b.responseNaming(60, 1_000, CtrlType.RESP_OK_NODATA); // names no row at all
        try (TraceDatabase db = TraceDatabase.open(b.write(dir.resolve("twice.arrows")), LoadOptions.IN_MEMORY)) {
            assertEquals(List.of(display + "|2|30|RESP_OK_DISPLAY_INFO|false", unanswered + "|null|null|null|false"),
                    Sql.rows(db, "SELECT seq, response_seq, response_ts_ns, response_type, is_error FROM commands ORDER BY seq"));
            assertEquals(6, db.count("SELECT count(*) FROM messages"), "every row is still a message");
            assertEquals(0, db.count("SELECT count(*) FROM messages WHERE seq = " + stray + " AND kind <> 'RESPONSE'"));
        }
    }
}
