package vgtrace.core.trace;

import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static vgtrace.core.trace.TraceFileException.Kind.CORRUPT;
import static vgtrace.core.trace.TraceFileException.Kind.NEWER_VERSION;
import static vgtrace.core.trace.TraceFileException.Kind.NOT_A_TRACE;

/**
 * The Arrow schema of a trace, built from {@link TraceColumn}, and the check of a file's schema.
 * Version history is in docs/trace-format.md; every older version stays readable.
 */
public final class TraceSchema {

    /** The version this vgtrace writes. */
    public static final int FORMAT_VERSION = 4;
    /** The schema of the current version, without metadata. */
    public static final Schema SCHEMA = new Schema(Arrays.stream(TraceColumn.values())
            .map(TraceColumn::arrowField).toList());

    private static final String VERSION_KEY = TraceMetadata.KEY_PREFIX + TraceMetadata.FORMAT_VERSION;

    private TraceSchema() {
    }

    /** The current schema carrying {@code metadata}. */
    static Schema withMetadata(TraceMetadata metadata) {
        return new Schema(SCHEMA.getFields(), metadata.toSchemaMetadata());
    }

    /** The columns a file of {@code version} has; a reader reads the missing ones of older files as null. */
    static List<Field> fieldsOf(int version) {
        return switch (version) {
            case 1 -> SCHEMA.getFields().subList(0, TraceColumn.SEGMENTS.ordinal());
            // 3 adds FENCE rows and blob MEMORY rows, 4 compressed batch bodies: no column
            case 2, 3, 4 -> SCHEMA.getFields();
            default -> throw new IllegalArgumentException("no trace format version " + version);
        };
    }

    /**
     * Checks a file's schema and reads its metadata.
     *
     * @throws TraceFileException NOT_A_TRACE without a vgtrace format version, NEWER_VERSION above
     *                            {@link #FORMAT_VERSION}, CORRUPT when the columns or metadata break that version
     */
    static TraceMetadata check(Path file, Schema schema) throws TraceFileException {
        Map<String, String> meta = schema.getCustomMetadata() == null ? Map.of() : schema.getCustomMetadata();
        String declared = meta.get(VERSION_KEY);
        if (declared == null) {
            throw new TraceFileException(NOT_A_TRACE, file + ": an Arrow stream but not a vgtrace trace (no "
                    + VERSION_KEY + " in its schema metadata)");
        }
        int version;
        try {
            version = Integer.parseInt(declared.strip());
        } catch (NumberFormatException e) {
            throw new TraceFileException(NOT_A_TRACE, file + ": " + VERSION_KEY + " is not a number: " + declared);
        }
        if (version > FORMAT_VERSION) {
            throw new TraceFileException(NEWER_VERSION, file + ": trace format version " + version
                    + " is newer than this vgtrace reads (up to " + FORMAT_VERSION + "); update vgtrace");
        }
        if (version < 1) throw new TraceFileException(CORRUPT, file + ": no trace format version " + version);
        List<Field> expected = fieldsOf(version);
        if (!schema.getFields().equals(expected)) {
            throw TraceFileException.corrupt(file, "its columns are not those of format version " + version + ": "
                    + firstDifference(expected, schema.getFields()));
        }
        try {
            return TraceMetadata.fromSchemaMetadata(version, meta);
        } catch (IllegalArgumentException e) {
            throw TraceFileException.corrupt(file, "bad schema metadata", e);
        }
    }

    private static String firstDifference(List<Field> expected, List<Field> actual) {
        for (int i = 0; i < Math.min(expected.size(), actual.size()); i++) {
            if (!expected.get(i).equals(actual.get(i))) {
                return "column " + i + " is " + actual.get(i) + ", expected " + expected.get(i);
            }
        }
        return actual.size() + " columns, expected " + expected.size();
    }
}
