package vgtrace.core.protocol;

import java.util.Optional;

/**
 * Every {@code virtio_gpu_ctrl_type} the protocol defines (39 values), with the family each belongs
 * to. The wire code is {@link #code()}; {@link #of(int)} maps a code back, empty for codes the
 * protocol does not define (those decode to {@link RawMessage}).
 */
public enum CtrlType {
    GET_DISPLAY_INFO(0x100, Kind.COMMAND_2D),
    RESOURCE_CREATE_2D(0x101, Kind.COMMAND_2D),
    RESOURCE_UNREF(0x102, Kind.COMMAND_2D),
    SET_SCANOUT(0x103, Kind.COMMAND_2D),
    RESOURCE_FLUSH(0x104, Kind.COMMAND_2D),
    TRANSFER_TO_HOST_2D(0x105, Kind.COMMAND_2D),
    RESOURCE_ATTACH_BACKING(0x106, Kind.COMMAND_2D),
    RESOURCE_DETACH_BACKING(0x107, Kind.COMMAND_2D),
    GET_CAPSET_INFO(0x108, Kind.COMMAND_2D),
    GET_CAPSET(0x109, Kind.COMMAND_2D),
    GET_EDID(0x10a, Kind.COMMAND_2D),
    RESOURCE_ASSIGN_UUID(0x10b, Kind.COMMAND_2D),
    RESOURCE_CREATE_BLOB(0x10c, Kind.COMMAND_2D),
    SET_SCANOUT_BLOB(0x10d, Kind.COMMAND_2D),

    CTX_CREATE(0x200, Kind.COMMAND_3D),
    CTX_DESTROY(0x201, Kind.COMMAND_3D),
    CTX_ATTACH_RESOURCE(0x202, Kind.COMMAND_3D),
    CTX_DETACH_RESOURCE(0x203, Kind.COMMAND_3D),
    RESOURCE_CREATE_3D(0x204, Kind.COMMAND_3D),
    TRANSFER_TO_HOST_3D(0x205, Kind.COMMAND_3D),
    TRANSFER_FROM_HOST_3D(0x206, Kind.COMMAND_3D),
    SUBMIT_3D(0x207, Kind.COMMAND_3D),
    RESOURCE_MAP_BLOB(0x208, Kind.COMMAND_3D),
    RESOURCE_UNMAP_BLOB(0x209, Kind.COMMAND_3D),

    UPDATE_CURSOR(0x300, Kind.CURSOR),
    MOVE_CURSOR(0x301, Kind.CURSOR),

    RESP_OK_NODATA(0x1100, Kind.RESPONSE_OK),
    RESP_OK_DISPLAY_INFO(0x1101, Kind.RESPONSE_OK),
    RESP_OK_CAPSET_INFO(0x1102, Kind.RESPONSE_OK),
    RESP_OK_CAPSET(0x1103, Kind.RESPONSE_OK),
    RESP_OK_EDID(0x1104, Kind.RESPONSE_OK),
    RESP_OK_RESOURCE_UUID(0x1105, Kind.RESPONSE_OK),
    RESP_OK_MAP_INFO(0x1106, Kind.RESPONSE_OK),

    RESP_ERR_UNSPEC(0x1200, Kind.RESPONSE_ERR),
    RESP_ERR_OUT_OF_MEMORY(0x1201, Kind.RESPONSE_ERR),
    RESP_ERR_INVALID_SCANOUT_ID(0x1202, Kind.RESPONSE_ERR),
    RESP_ERR_INVALID_RESOURCE_ID(0x1203, Kind.RESPONSE_ERR),
    RESP_ERR_INVALID_CONTEXT_ID(0x1204, Kind.RESPONSE_ERR),
    RESP_ERR_INVALID_PARAMETER(0x1205, Kind.RESPONSE_ERR);

    /** The protocol family of a type, as the code ranges group them. */
    public enum Kind {
        COMMAND_2D, COMMAND_3D, CURSOR, RESPONSE_OK, RESPONSE_ERR;

        public boolean isCommand() {
            return this == COMMAND_2D || this == COMMAND_3D || this == CURSOR;
        }
    }

    private static final CtrlType[] BY_CODE_2D = new CtrlType[0x0e];
    private static final CtrlType[] BY_CODE_3D = new CtrlType[0x0a];

    static {
        for (CtrlType t : values()) {
            if (t.code >= 0x100 && t.code < 0x10e) BY_CODE_2D[t.code - 0x100] = t;
            if (t.code >= 0x200 && t.code < 0x20a) BY_CODE_3D[t.code - 0x200] = t;
        }
    }

    private final int code;
    private final Kind kind;

    CtrlType(int code, Kind kind) {
        this.code = code;
        this.kind = kind;
    }

    public int code() {
        return code;
    }

    public Kind kind() {
        return kind;
    }

    public boolean isCommand() {
        return kind.isCommand();
    }

    /**
     * Whether {@code code} is an error response (kind {@link Kind#RESPONSE_ERR}): the one rule of a
     * failed command, which the analyzer's {@code ctrl_types} table carries to SQL.
     */
    public static boolean isError(int code) {
        CtrlType t = lookup(code);
        return t != null && t.kind == Kind.RESPONSE_ERR;
    }

    /** The type with this wire code, or empty when the protocol defines none. */
    public static Optional<CtrlType> of(int code) {
        return Optional.ofNullable(lookup(code));
    }

    /** The type with this wire code, or {@code null}; the allocation-free form of {@link #of}. */
    public static CtrlType lookup(int code) {
        if (code >= 0x100 && code < 0x10e) return BY_CODE_2D[code - 0x100];
        if (code >= 0x200 && code < 0x20a) return BY_CODE_3D[code - 0x200];
        return switch (code) {
            case 0x300 -> UPDATE_CURSOR;
            case 0x301 -> MOVE_CURSOR;
            case 0x1100 -> RESP_OK_NODATA;
            case 0x1101 -> RESP_OK_DISPLAY_INFO;
            case 0x1102 -> RESP_OK_CAPSET_INFO;
            case 0x1103 -> RESP_OK_CAPSET;
            case 0x1104 -> RESP_OK_EDID;
            case 0x1105 -> RESP_OK_RESOURCE_UUID;
            case 0x1106 -> RESP_OK_MAP_INFO;
            case 0x1200 -> RESP_ERR_UNSPEC;
            case 0x1201 -> RESP_ERR_OUT_OF_MEMORY;
            case 0x1202 -> RESP_ERR_INVALID_SCANOUT_ID;
            case 0x1203 -> RESP_ERR_INVALID_RESOURCE_ID;
            case 0x1204 -> RESP_ERR_INVALID_CONTEXT_ID;
            case 0x1205 -> RESP_ERR_INVALID_PARAMETER;
            default -> null;
        };
    }

    /** A readable name for any code: the enum name, or {@code 0x...} for an undefined one. */
    public static String nameOf(int code) {
        CtrlType t = lookup(code);
        return t != null ? t.name() : String.format("0x%x", code);
    }
}
