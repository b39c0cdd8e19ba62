package vgtrace.ui.inspector;

import javafx.scene.control.TreeItem;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import vgtrace.core.protocol.CtrlHeader;
import vgtrace.core.protocol.CtrlType;
import vgtrace.core.protocol.GpuCodec;
import vgtrace.core.protocol.Submit3d;
import vgtrace.ui.TestTraces;
import vgtrace.ui.data.MessageFilter;
import vgtrace.ui.data.MessageRow;
import vgtrace.ui.data.TraceData;

import java.sql.SQLException;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The inspector's pieces: paged rows, the field tree, the hex dump. */
class InspectorPartsTest {

    static TraceData data;

    @BeforeAll
    static void open() {
        data = TestTraces.open(TestTraces.generated());
    }

    @AfterAll
    static void close() throws SQLException {
        data.close();
    }

    @Test
    void pagedRowsReadOnlyWhatIsAskedAndKeepABoundedCache() {
        PagedRows rows = new PagedRows(data.messages(), MessageFilter.ALL);
        assertEquals(data.rows(), rows.size());
        assertEquals(0, rows.cachedPages(), "nothing read before a row is asked for");
        for (int i = 0; i < rows.size(); i += 97) assertEquals(i, rows.get(i).seq() - rows.get(0).seq(), "seq order");
        assertTrue(rows.cachedPages() <= PagedRows.PAGES_KEPT, "pages held: " + rows.cachedPages());
    }

    @Test
    void filtersCombine() {
        PagedRows submits = new PagedRows(data.messages(), new MessageFilter("SUBMIT_3D", false, "ctx_id = 2"));
        assertTrue(submits.size() > 10);
        for (int i = 0; i < submits.size(); i += 13) {
            MessageRow r = submits.get(i);
            assertEquals("SUBMIT_3D", r.typeName());
            assertEquals(2, r.ctxId());
        }
        PagedRows errors = new PagedRows(data.messages(), new MessageFilter(null, true, ""));
        long failed = data.sql().count("SELECT count(*) FROM errors");
        assertEquals(2 * failed, errors.size(), "each error response and the command it answered");
        assertTrue(Stream.iterate(0, i -> i + 1).limit(errors.size()).map(errors::get)
                .filter(r -> r.kind().equals("RESPONSE")).allMatch(MessageRow::error));
    }

    @Test
    void indexOfFindsARowUnderAFilter() {
        MessageFilter f = new MessageFilter("SUBMIT_3D", false, "");
        PagedRows submits = new PagedRows(data.messages(), f);
        MessageRow row = submits.get(42);
        assertEquals(42, data.messages().indexOf(f, row.seq()).orElseThrow());
        assertTrue(data.messages().indexOf(f, row.seq() + 1).isEmpty() || submits.get(43).seq() == row.seq() + 1);
    }

    @Test
    void fieldTreeShowsEveryWireField() {
        byte[] wire = GpuCodec.encode(Submit3d.of(new CtrlHeader(CtrlType.SUBMIT_3D.code(), 3, 41, 2, 3, 0),
                new byte[] {1, 2, 3, 4}));
        TreeItem<String> root = FieldTree.of("COMMAND", wire);
        assertTrue(root.getValue().startsWith("SUBMIT_3D ctx=2 ring=3 fence=41"), root.getValue());
        List<String> labels = labels(root).toList();
        assertTrue(labels.contains("type: SUBMIT_3D (0x207)"), labels.toString());
        assertTrue(labels.contains("fenceId: 41 (0x29)"), labels.toString());
        assertTrue(labels.contains("size: 4"), labels.toString());
        assertTrue(labels.contains("commands: 4 bytes (see hex)"), labels.toString());
    }

    @Test
    void fieldTreeSaysWhyItCannotDecode() {
        assertTrue(FieldTree.of("COMMAND", new byte[] {1, 2, 3}).getValue().startsWith("cannot decode"));
        assertEquals("MEMORY: 3 bytes", FieldTree.of("MEMORY", new byte[] {1, 2, 3}).getValue());
        assertEquals("COMMAND: no wire bytes in this trace", FieldTree.of("COMMAND", new byte[0]).getValue());
    }

    @Test
    void hexDumpLinesAndLimit() {
        byte[] bytes = new byte[40];
        for (int i = 0; i < bytes.length; i++) bytes[i] = (byte) ('A' + i % 26);
        String dump = vgtrace.core.protocol.HexDump.format(bytes, "", 32);
        String[] lines = dump.split("\n");
        assertEquals(3, lines.length);
        assertTrue(lines[0].startsWith("00000000  41 42 43 44 45 46 47 48  49 4a"), lines[0]);
        assertTrue(lines[0].endsWith("|ABCDEFGHIJKLMNOP|"), lines[0]);
        assertEquals("... 8 more bytes", lines[2]);
    }

    private static Stream<String> labels(TreeItem<String> item) {
        return Stream.concat(Stream.of(item.getValue()), item.getChildren().stream().flatMap(InspectorPartsTest::labels));
    }
}
