package vgtrace.replay.virgl;

/**
 * A failure inside the binding, not a result a guest would see: the library is missing, a call
 * came after {@link VirglRenderer#close()}, init failed, or a request was malformed (an unknown
 * resource, an offset outside its backing). {@link #call()} names the operation; {@link #code()}
 * is virglrenderer's return code when it gave one, else 0.
 */
public final class VirglException extends RuntimeException {

    private final String call;
    private final int code;

    public VirglException(String call, int code, String message) {
        super(call + ": " + message + (code != 0 ? " (code " + code + ")" : ""));
        this.call = call;
        this.code = code;
    }

    public VirglException(String call, String message) {
        this(call, 0, message);
    }

    public VirglException(String call, String message, Throwable cause) {
        this(call, 0, message);
        initCause(cause);
    }

    static VirglException closed(String call) {
        return new VirglException(call, "the renderer is closed");
    }

    public String call() {
        return call;
    }

    public int code() {
        return code;
    }
}
