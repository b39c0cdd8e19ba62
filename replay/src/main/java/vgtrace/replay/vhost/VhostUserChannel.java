package vgtrace.replay.vhost;

import vgtrace.core.os.Fd;
import vgtrace.core.os.NativeException;
import vgtrace.core.os.Received;
import vgtrace.core.os.UnixSocket;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The front-end side of a vhost-user control socket: 12-byte header (request, flags with version 1,
 * size) and a payload, with descriptors attached; replies read back whole. Blocking: every call
 * completes or throws.
 */
final class VhostUserChannel implements AutoCloseable {

    static final int GET_FEATURES = 1, SET_FEATURES = 2, SET_OWNER = 3, SET_MEM_TABLE = 5, SET_VRING_NUM = 8,
            SET_VRING_ADDR = 9, SET_VRING_BASE = 10, SET_VRING_KICK = 12, SET_VRING_CALL = 13,
            GET_PROTOCOL_FEATURES = 15, SET_PROTOCOL_FEATURES = 16, SET_VRING_ENABLE = 18, GPU_SET_SOCKET = 33;
    private static final int VERSION = 1, REPLY = 1 << 2;
    static final int HEADER = 12;

    private final UnixSocket socket;

    VhostUserChannel(UnixSocket socket) {
        this.socket = socket;
    }

    void send(int request, ByteBuffer payload, Fd... fds) throws IOException {
        int size = payload == null ? 0 : payload.remaining();
        ByteBuffer msg = ByteBuffer.allocate(HEADER + size).order(ByteOrder.LITTLE_ENDIAN);
        msg.putInt(request).putInt(VERSION).putInt(size);
        if (payload != null) msg.put(payload.duplicate());
        msg.flip();
        int[] raw = new int[fds.length];
        for (int i = 0; i < fds.length; i++) raw[i] = fds[i].get();
        socket.send(msg, raw);
        while (msg.hasRemaining()) socket.send(msg);
    }

    void sendU64(int request, long value, Fd... fds) throws IOException {
        send(request, le(8).putLong(value).flip(), fds);
    }

    /** Sends a request that always gets a u64 reply, and returns it. */
    long requestU64(int request) throws IOException {
        send(request, null);
        ByteBuffer header = readFully(HEADER);
        int got = header.getInt(0), flags = header.getInt(4), size = header.getInt(8);
        if (got != request || (flags & REPLY) == 0 || size != 8) {
            throw new IOException("vhost-user: bad reply to request " + request + ": request " + got + ", flags 0x"
                    + Integer.toHexString(flags) + ", size " + size);
        }
        return readFully(8).getLong(0);
    }

    private ByteBuffer readFully(int n) throws IOException {
        ByteBuffer b = le(n);
        while (b.hasRemaining()) {
            try (Received r = socket.recv(b, 0)) {
                if (r.bytes() == 0) throw new IOException("vhost-user: the backend closed the connection");
            } catch (NativeException e) {
                throw new IOException("vhost-user: " + e.getMessage(), e);
            }
        }
        return b.flip();
    }

    static ByteBuffer le(int n) {
        return ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
    }

    @Override
    public void close() {
        socket.close();
    }
}
