package vgtrace.ui.inspector;

import java.util.Arrays;
import javafx.scene.control.TreeItem;
import vgtrace.core.protocol.CtrlType;
import vgtrace.core.protocol.DecodeException;
import vgtrace.core.protocol.GpuCodec;
import vgtrace.core.protocol.GpuMessage;
import vgtrace.core.protocol.MessageText;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.List;
import java.util.Map;

/**
 * A decoded message as a tree of its fields. The protocol's records keep every wire field, so the
 * tree is built from their record components: nested records (header, rect, box) and lists (memory
 * entries, display modes) become branches, byte arrays their length.
 */
final class FieldTree {

    /** Lists longer than this show their first entries and a count. */
    private static final int LIST_SHOWN = 64;

    private FieldTree() {
    }

    /**
     * The decoded payload, then the row's trace columns: imported traces have no wire bytes, and
     * their columns are then all there is.
     */
    static TreeItem<String> of(String kind, byte[] payload, Map<String, Object> columns) {
        TreeItem<String> decoded = of(kind, payload);
        TreeItem<String> root = new TreeItem<>(decoded.getValue());
        if (!decoded.getChildren().isEmpty()) {
            decoded.setValue("decoded from the wire bytes");
            root.getChildren().add(decoded);
        }
        TreeItem<String> table = new TreeItem<>("trace columns");
        columns.forEach((name, value) -> table.getChildren().add(field(name, value)));
        table.setExpanded(decoded.getChildren().isEmpty());
        root.getChildren().add(table);
        root.setExpanded(true);
        return root;
    }

    /** The tree of a COMMAND or RESPONSE payload, or one node saying why there is none. */
    static TreeItem<String> of(String kind, byte[] payload) {
        if (payload.length == 0) return leaf(kind + ": no wire bytes in this trace");
        if (!kind.equals("COMMAND") && !kind.equals("RESPONSE")) return leaf(kind + ": " + payload.length + " bytes");
        try {
            GpuMessage m = GpuCodec.decode(payload);
            // Every GpuMessage implementation is a record (the sealed hierarchy permits only records).
            return m instanceof Record r ? record(MessageText.describe(m), r) : leaf(MessageText.describe(m));
        } catch (DecodeException e) {
            return leaf("cannot decode: " + e.getMessage());
        }
    }

    private static TreeItem<String> record(String label, Record r) {
        TreeItem<String> item = new TreeItem<>(label);
        for (RecordComponent c : r.getClass().getRecordComponents()) {
            item.getChildren().add(field(c.getName(), value(c, r)));
        }
        item.setExpanded(true);
        return item;
    }

    private static TreeItem<String> field(String name, Object v) {
        return switch (v) {
            case Record r -> record(name, r);
            case List<?> list -> {
                TreeItem<String> item = new TreeItem<>(name + " [" + list.size() + "]");
                for (int i = 0; i < Math.min(list.size(), LIST_SHOWN); i++) item.getChildren().add(field("[" + i + "]", list.get(i)));
                if (list.size() > LIST_SHOWN) item.getChildren().add(leaf("... " + (list.size() - LIST_SHOWN) + " more"));
                yield item;
            }
            case byte[] bytes -> leaf(name + ": " + bytes.length + " bytes (see hex)");
            case int[] ints -> leaf(name + ": " + Arrays.stream(ints).mapToObj(Integer::toUnsignedString).toList());
            case Integer i when name.equals("type") -> leaf(name + ": " + CtrlType.nameOf(i) + " (0x" + Integer.toHexString(i) + ")");
            case Integer i -> leaf(name + ": " + Integer.toUnsignedString(i) + (i >= 16 || i < 0 ? " (0x" + Integer.toHexString(i) + ")" : ""));
            case Long l -> leaf(name + ": " + Long.toUnsignedString(l) + (l >= 16 || l < 0 ? " (0x" + Long.toHexString(l) + ")" : ""));
            case null -> leaf(name + ": null");
            default -> leaf(name + ": " + v);
        };
    }

    private static Object value(RecordComponent c, Record r) {
        try {
            return c.getAccessor().invoke(r);
        } catch (IllegalAccessException | InvocationTargetException e) {
            return "(unreadable: " + e.getClass().getSimpleName() + ")";
        }
    }

    private static TreeItem<String> leaf(String text) {
        return new TreeItem<>(text);
    }
}
