package vgtrace.core.vhost;

/**
 * Messages of the vhost-user-gpu display channel (the GPU_SET_SOCKET socket), sent by the back-end
 * to the front-end, which answers the GET_* ones and DMABUF_UPDATE (qemu hw/display/vhost-user-gpu.c).
 */
public enum DisplayRequest {
    GET_PROTOCOL_FEATURES(1), SET_PROTOCOL_FEATURES(2), GET_DISPLAY_INFO(3), CURSOR_POS(4), CURSOR_POS_HIDE(5),
    CURSOR_UPDATE(6), SCANOUT(7), UPDATE(8), DMABUF_SCANOUT(9), DMABUF_UPDATE(10), GET_EDID(11),
    DMABUF_SCANOUT2(12);

    private final int code;

    DisplayRequest(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** Whether the front-end answers it (with the reply flag): the GET_* requests and DMABUF_UPDATE. */
    public boolean hasReply() {
        return switch (this) {
            case GET_PROTOCOL_FEATURES, GET_DISPLAY_INFO, GET_EDID, DMABUF_UPDATE -> true;
            default -> false;
        };
    }

    /** The request with this number, or {@code null}. */
    public static DisplayRequest of(int code) {
        return code >= 1 && code <= values().length ? values()[code - 1] : null;
    }

    public static String nameOf(int code) {
        DisplayRequest r = of(code);
        return r != null ? r.name() : "DISPLAY_" + Integer.toUnsignedString(code);
    }
}
