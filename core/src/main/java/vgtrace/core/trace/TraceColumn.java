package vgtrace.core.trace;

import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * Every column of a trace file, in file order: the one declaration that the schema, the writer, the
 * reader and docs/trace-format.md follow. A column's name is its constant in snake_case.
 * Columns marked {@link Presence#HEADER} are set on COMMAND and RESPONSE rows and null on others.
 */
public enum TraceColumn {
    SEQ(Type.INT64, Presence.ALWAYS, "unique row number, strictly increasing in capture order"),
    TS_NS(Type.INT64, Presence.ALWAYS, "monotonic nanoseconds of the clock the metadata names"),
    KIND(Type.UTF8, Presence.ALWAYS, "EventKind name: COMMAND, RESPONSE, MEMORY, DISPLAY, NOTE, METADATA"),
    QUEUE(Type.INT8, Presence.OPTIONAL, "virtqueue index: 0 control, 1 cursor; null for rows of no queue"),
    PAIR_SEQ(Type.INT64, Presence.OPTIONAL, "seq of a RESPONSE's or MEMORY row's command; null when none"),
    TYPE(Type.INT32, Presence.HEADER, "header type: the raw u32 virtio_gpu_ctrl_type"),
    FLAGS(Type.INT32, Presence.HEADER, "header flags, raw u32 (1 FENCE, 2 INFO_RING_IDX)"),
    FENCE_ID(Type.INT64, Presence.HEADER, "header fence_id, raw u64"),
    CTX_ID(Type.INT32, Presence.HEADER, "header ctx_id, raw u32"),
    RING_IDX(Type.INT16, Presence.OPTIONAL,
            "header ring_idx (0..255); null unless INFO_RING_IDX is set and the source saw the ring"),
    HEADER_PADDING(Type.INT32, Presence.HEADER, "the header's 3 padding bytes, little-endian, to rebuild it exactly"),

    RESOURCE_ID(Type.INT32, MessageFields::resourceId, "resource the message names"),
    SCANOUT_ID(Type.INT32, MessageFields::scanoutId, "scanout the message names"),
    FORMAT(Type.INT32, MessageFields::format, "virtio_gpu_formats or virgl format"),
    X(Type.INT32, MessageFields::x, "rect or box x"),
    Y(Type.INT32, MessageFields::y, "rect or box y"),
    Z(Type.INT32, MessageFields::z, "box z"),
    WIDTH(Type.INT32, MessageFields::width, "rect, box or resource width"),
    HEIGHT(Type.INT32, MessageFields::height, "rect, box or resource height"),
    DEPTH(Type.INT32, MessageFields::depth, "box or resource depth"),
    OFFSET(Type.INT64, MessageFields::offset, "transfer or map offset"),
    ADDR(Type.INT64, MessageFields::addr, "guest physical address (MEMORY rows)"),
    SIZE(Type.INT64, MessageFields::size, "byte size: blob size, submit size, MEMORY length"),
    LEVEL(Type.INT32, MessageFields::level, "3D transfer mip level"),
    STRIDE(Type.INT32, MessageFields::stride, "3D transfer stride"),
    BLOB_MEM(Type.INT32, MessageFields::blobMem, "blob memory kind (1 GUEST, 2 HOST3D, 3 HOST3D_GUEST)"),
    BLOB_FLAGS(Type.INT32, MessageFields::blobFlags, "blob flags (1 MAPPABLE, 2 SHAREABLE, 4 CROSS_DEVICE)"),
    BLOB_ID(Type.INT64, MessageFields::blobId, "context object id of a HOST3D blob"),
    CAPSET_ID(Type.INT32, MessageFields::capsetId, "capset id"),
    CAPSET_VERSION(Type.INT32, MessageFields::capsetVersion, "capset version (requested or max)"),
    CONTEXT_INIT(Type.INT32, MessageFields::contextInit, "CTX_CREATE context_init (low 8 bits: capset id)"),
    MAP_INFO(Type.INT32, MessageFields::mapInfo, "RESP_OK_MAP_INFO map_info (cache type)"),
    NR_ENTRIES(Type.INT32, MessageFields::nrEntries, "number of mem_entry structs that follow"),

    PAYLOAD(Type.BINARY, Presence.OPTIONAL,
            "wire bytes of a COMMAND/RESPONSE, guest bytes of a MEMORY row (null when deduplicated)"),
    CONTENT_HASH(Type.INT64, Presence.OPTIONAL, "ContentHash (XXH64, seed 0) of MEMORY or DISPLAY content"),
    TEXT(Type.UTF8, Presence.OPTIONAL, "NOTE text, a decode error, or key=value of a METADATA row"),
    GUEST_SEQNO(Type.INT64, Presence.OPTIONAL, "guest driver's per-queue seqno (tracepoints, Linux 6.3+)"),
    NUM_FREE(Type.INT32, Presence.OPTIONAL, "free descriptors the guest saw (tracepoints)"),
    PAIRING(Type.UTF8, Presence.OPTIONAL, "Pairing name: how a RESPONSE was matched to its command"),
    SEGMENTS(Type.RANGE_LIST, Presence.OPTIONAL,
            "a MEMORY row's guest ranges (gpa, length) in payload order; null when it is one range at addr (v2)");

    /** Field names of a {@link Type#RANGE_LIST} element. */
    static final String RANGE = "range", RANGE_GPA = "gpa", RANGE_LENGTH = "length";

    /** The Arrow types the trace uses. */
    public enum Type {
        INT8(new ArrowType.Int(8, true)), INT16(new ArrowType.Int(16, true)), INT32(new ArrowType.Int(32, true)),
        INT64(new ArrowType.Int(64, true)), UTF8(ArrowType.Utf8.INSTANCE), BINARY(ArrowType.Binary.INSTANCE),
        /** list&lt;struct&lt;gpa: int64, length: int64&gt;&gt;: guest ranges. */
        RANGE_LIST(ArrowType.List.INSTANCE);

        final ArrowType arrow;

        Type(ArrowType arrow) {
            this.arrow = arrow;
        }

        public ArrowType arrowType() {
            return arrow;
        }
    }

    /** When a column holds a value. */
    public enum Presence {
        /** Never null. */
        ALWAYS,
        /** Not null on COMMAND and RESPONSE rows, null on other rows. */
        HEADER,
        /** Null whenever the row has no such value. */
        OPTIONAL
    }

    private static final List<TraceColumn> MESSAGE_FIELDS =
            Arrays.stream(values()).filter(c -> c.messageField != null).toList();

    private final Type type;
    private final Presence presence;
    private final Function<MessageFields, Number> messageField;
    private final String doc;
    private final String columnName = name().toLowerCase(Locale.ROOT);

    TraceColumn(Type type, Presence presence, String doc) {
        this.type = type;
        this.presence = presence;
        this.messageField = null;
        this.doc = doc;
    }

    TraceColumn(Type type, Function<MessageFields, Number> messageField, String doc) {
        this.type = type;
        this.presence = Presence.OPTIONAL;
        this.messageField = messageField;
        this.doc = doc;
    }

    public String columnName() {
        return columnName;
    }

    public Type type() {
        return type;
    }

    public Presence presence() {
        return presence;
    }

    /** Nullable in the Arrow schema: everything but {@link Presence#ALWAYS} columns. */
    public boolean nullable() {
        return presence != Presence.ALWAYS;
    }

    public String doc() {
        return doc;
    }

    /** The {@link MessageFields} component this column stores, or {@code null} for other columns. */
    Number messageFieldOf(MessageFields fields) {
        return messageField.apply(fields);
    }

    /** The columns that store {@link MessageFields}, in the record's component order. */
    public static List<TraceColumn> messageFieldColumns() {
        return MESSAGE_FIELDS;
    }

    /** The ASCII names of enum constants, as the KIND and PAIRING columns store them, by ordinal. */
    static byte[][] nameBytes(Enum<?>[] values) {
        byte[][] names = new byte[values.length][];
        for (Enum<?> v : values) names[v.ordinal()] = v.name().getBytes(StandardCharsets.US_ASCII);
        return names;
    }

    Field arrowField() {
        if (type != Type.RANGE_LIST) return new Field(columnName, new FieldType(nullable(), type.arrow, null), null);
        Field range = new Field(RANGE, FieldType.notNullable(ArrowType.Struct.INSTANCE), List.of(
                new Field(RANGE_GPA, FieldType.notNullable(Type.INT64.arrow), null),
                new Field(RANGE_LENGTH, FieldType.notNullable(Type.INT64.arrow), null)));
        return new Field(columnName, new FieldType(nullable(), type.arrow, null), List.of(range));
    }
}
