package vgtrace.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import vgtrace.replay.engine.Divergence;
import vgtrace.replay.engine.ReplayResult;

import java.util.List;

/**
 * One replay's outcome in the form {@code vgtrace replay --json} prints and a matrix row reads: the
 * build, the exit status, what was replayed and checked, and the first divergence.
 *
 * @param build         the VERSION the row was asked for
 * @param virglrenderer the Debian version of the library that ran (or its path), as far as known
 * @param exit          the exit status of that replay (0 clean, 3 diverged, 4 could not run)
 * @param error         why it could not run, or null
 * @param errorResponses the commands the replay answered with an error, in seq order (the capture's errors included)
 */
record ReplayReport(String build, String virglrenderer, int exit, int commands, int completed, int responsesChecked,
                    int readBacksChecked, int framesChecked, int fencesChecked, String digest, FirstDivergence divergence,
                    String error, List<ErrorAnswer> errorResponses) {

    /** A command the replay answered with an error response ({@code type}: its name, such as RESP_ERR_UNSPEC). */
    record ErrorAnswer(long seq, String type) {}

    ReplayReport {
        errorResponses = errorResponses == null ? List.of() : List.copyOf(errorResponses);
    }

    /** The first divergence: seq, kind, the command and both sides. */
    record FirstDivergence(long seq, String kind, String command, String expected, String actual) {

        static FirstDivergence of(Divergence d) {
            return new FirstDivergence(d.seq(), d.kind().name(), d.command(), d.expected(), d.actual());
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    static ReplayReport of(String build, String virglrenderer, int exit, ReplayResult r, List<ErrorAnswer> errors) {
        var c = r.checked();
        return new ReplayReport(build, virglrenderer, exit, r.issued(), r.completed(), c.responses(), c.readBacks(),
                c.frames(), c.fences(), String.format("%016x", r.digest()), r.first().map(FirstDivergence::of).orElse(null),
                null, errors);
    }

    static ReplayReport failed(String build, String virglrenderer, int exit, String error) {
        return new ReplayReport(build, virglrenderer, exit, 0, 0, 0, 0, 0, 0, null, null, error, List.of());
    }

    /** This report as the row of build {@code label} on library {@code library}. */
    ReplayReport as(String label, String library) {
        return new ReplayReport(label, library, exit, commands, completed, responsesChecked, readBacksChecked,
                framesChecked, fencesChecked, digest, divergence, error, errorResponses);
    }

    String toJson() {
        return write(this);
    }

    static String toJson(List<ReplayReport> rows) {
        return write(rows);
    }

    /** Reads one report as {@link #toJson()} wrote it. */
    static ReplayReport parse(String json) throws JsonProcessingException {
        return JSON.readValue(json, ReplayReport.class);
    }

    private static String write(Object value) {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a replay report does not serialize", e);
        }
    }
}
