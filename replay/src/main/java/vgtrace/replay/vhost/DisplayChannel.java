package vgtrace.replay.vhost;

import vgtrace.core.os.Fd;
import vgtrace.core.os.NativeException;
import vgtrace.core.os.Received;
import vgtrace.core.os.UnixSocket;
import vgtrace.core.protocol.CtrlHeader;
import vgtrace.core.protocol.CtrlType;
import vgtrace.core.protocol.DisplayMode;
import vgtrace.core.protocol.GpuCodec;
import vgtrace.core.protocol.OkDisplayInfo;
import vgtrace.core.protocol.Rect;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * vgtrace as the display end of a vhost-user-gpu backend (the socket passed with GPU_SET_SOCKET):
 * answers its requests (protocol features: none; display info: the replay's outputs) and turns
 * UPDATE messages into frames. Non-blocking: {@link #pump} handles whatever has arrived.
 */
final class DisplayChannel implements AutoCloseable {

    static final int GET_PROTOCOL_FEATURES = 1, SET_PROTOCOL_FEATURES = 2, GET_DISPLAY_INFO = 3, UPDATE = 8;
    private static final int REPLY = 1 << 2, HEADER = 12, MAX_MESSAGE = 64 << 20;

    /** Pixels of a scanout rectangle as the backend sent them. */
    record Update(int scanoutId, Rect rect, byte[] pixels) {}

    private final UnixSocket socket;
    private final List<DisplayMode> modes;
    private ByteBuffer pending = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);

    DisplayChannel(UnixSocket socket, List<DisplayMode> modes) throws NativeException {
        this.socket = socket;
        this.modes = List.copyOf(modes);
        socket.setNonBlocking(true);
    }

    Fd fd() {
        return socket.fd();
    }

    /** Reads and handles every complete message available; UPDATEs are added to {@code updates}. */
    void pump(List<Update> updates) throws IOException {
        while (read()) {
            while (pending.position() >= HEADER) {
                int size = pending.getInt(8);
                if (size < 0 || size > MAX_MESSAGE) throw new IOException("vhost-user-gpu: display message of " + size + " bytes");
                if (pending.position() < HEADER + size) {
                    if (pending.capacity() < HEADER + size) pending = grow(HEADER + size);
                    break;
                }
                byte[] body = new byte[size];
                pending.get(HEADER, body);
                handle(pending.getInt(0), body, updates);
                shift(HEADER + size);
            }
        }
    }

    /** Reads what is available; false when nothing more is. */
    private boolean read() throws IOException {
        if (!pending.hasRemaining()) pending = grow(pending.capacity() * 2);
        try (Received r = socket.recv(pending, 0)) {
            if (r.bytes() == 0) throw new IOException("vhost-user-gpu: the backend closed the display channel");
            return true;
        } catch (NativeException e) {
            if (e.wouldBlock()) return false;
            throw new IOException("vhost-user-gpu display channel: " + e.getMessage(), e);
        }
    }

    private void handle(int request, byte[] body, List<Update> updates) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(body).order(ByteOrder.LITTLE_ENDIAN);
        switch (request) {
            case GET_PROTOCOL_FEATURES -> reply(request, VhostUserChannel.le(8).putLong(0).array());
            case GET_DISPLAY_INFO -> {
                byte[] info = GpuCodec.encode(OkDisplayInfo.of(CtrlHeader.of(CtrlType.RESP_OK_DISPLAY_INFO), modes));
                reply(request, info);
            }
            case UPDATE -> {
                if (body.length < 20) return;
                Rect r = new Rect(b.getInt(4), b.getInt(8), b.getInt(12), b.getInt(16));
                updates.add(new Update(b.getInt(0), r, Arrays.copyOfRange(body, 20, body.length)));
            }
            default -> { } // SET_PROTOCOL_FEATURES, SCANOUT, cursor messages: nothing to answer
        }
    }

    private void reply(int request, byte[] payload) throws IOException {
        ByteBuffer msg = VhostUserChannel.le(HEADER + payload.length);
        msg.putInt(request).putInt(REPLY).putInt(payload.length).put(payload).flip();
        while (msg.hasRemaining()) {
            try {
                socket.send(msg);
            } catch (NativeException e) {
                if (!e.wouldBlock()) throw new IOException("vhost-user-gpu display channel: " + e.getMessage(), e);
                Thread.onSpinWait();
            }
        }
    }

    private ByteBuffer grow(int capacity) {
        ByteBuffer bigger = ByteBuffer.allocate(capacity).order(ByteOrder.LITTLE_ENDIAN);
        pending.flip();
        bigger.put(pending);
        return bigger;
    }

    private void shift(int consumed) {
        pending.flip();
        pending.position(consumed);
        pending.compact();
    }

    @Override
    public void close() {
        socket.close();
    }
}
