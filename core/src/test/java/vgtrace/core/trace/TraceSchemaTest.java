package vgtrace.core.trace;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TraceSchemaTest {

    @Test
    void everyColumnIsDocumented() throws IOException {
        Path doc = Path.of(System.getProperty("vgtrace.repo", ".."), "docs", "trace-format.md");
        String text = Files.readString(doc);
        for (TraceColumn c : TraceColumn.values()) {
            assertTrue(text.contains("| `" + c.columnName() + "` | " + c.type().name().toLowerCase(Locale.ROOT)),
                    c.columnName() + " is missing from docs/trace-format.md with its type");
        }
        for (String key : TraceMetadata.KEYS) {
            assertTrue(text.contains("`vgtrace." + key + "`"), key + " is missing from docs/trace-format.md");
        }
    }

    @Test
    void messageFieldColumnsFollowTheRecordComponentsInOrder() {
        List<String> components = Arrays.stream(MessageFields.class.getRecordComponents())
                .map(RecordComponent::getName).map(TraceSchemaTest::snakeCase).toList();
        assertEquals(components, TraceColumn.messageFieldColumns().stream().map(TraceColumn::columnName).toList());
        for (RecordComponent rc : MessageFields.class.getRecordComponents()) {
            TraceColumn c = TraceColumn.valueOf(snakeCase(rc.getName()).toUpperCase(Locale.ROOT));
            assertEquals(rc.getType() == Long.class ? TraceColumn.Type.INT64 : TraceColumn.Type.INT32, c.type(),
                    c.columnName());
        }
    }

    @Test
    void onlySeqTsAndKindAreNeverNull() {
        List<String> notNull = TraceSchema.SCHEMA.getFields().stream().filter(f -> !f.isNullable())
                .map(f -> f.getName()).toList();
        assertEquals(List.of("seq", "ts_ns", "kind"), notNull);
        assertEquals(TraceColumn.values().length, TraceSchema.SCHEMA.getFields().size());
    }

    private static String snakeCase(String camel) {
        return camel.replaceAll("([a-z])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
    }
}
