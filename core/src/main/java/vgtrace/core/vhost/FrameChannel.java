package vgtrace.core.vhost;

import vgtrace.core.os.Fd;
import vgtrace.core.os.NativeException;
import vgtrace.core.os.Received;
import vgtrace.core.os.UnixSocket;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/**
 * The one framer of vhost-user sockets and the vhost-user-gpu display channel: reads and writes whole
 * framed messages (12-byte vhost header, then {@code size} bytes) with their descriptors on a
 * blocking AF_UNIX stream socket, however the bytes arrive. Callers read only when epoll says the
 * socket is readable; peers send each message in one sendmsg, so a read does not wait for long. A
 * frame larger than {@code maxPayload} is refused: the stream cannot be trusted after it.
 */
public final class FrameChannel implements AutoCloseable {

    /** vhost-user allows 8 fds a message (BACKEND_SEND_FD); accept a few more and pass them on. */
    public static final int MAX_FDS = 16;

    private final String name;
    private final UnixSocket socket;
    private final long maxPayload;
    private final IntFunction<byte[]> frames;

    public FrameChannel(String name, UnixSocket socket, long maxPayload) {
        this(name, socket, maxPayload, byte[]::new);
    }

    /** A channel whose frames' arrays of a given length come from {@code frames} (a pool, say). */
    public FrameChannel(String name, UnixSocket socket, long maxPayload, IntFunction<byte[]> frames) {
        this.name = name;
        this.socket = socket;
        this.maxPayload = maxPayload;
        this.frames = frames;
    }

    public String name() {
        return name;
    }

    public Fd fd() {
        return socket.fd();
    }

    /**
     * The next frame, or {@code null} when the peer closed the connection between frames.
     *
     * @throws IOException when the peer closes inside a frame, a frame is too large, or a read fails
     */
    public Frame read() throws IOException {
        List<Fd> fds = new ArrayList<>();
        try {
            ByteBuffer header = ByteBuffer.allocate(VhostHeader.SIZE);
            if (!fill(header, fds, true)) return null;
            long size = VhostHeader.read(header.flip()).payloadSize();
            if (size > maxPayload)
                throw new IOException("%s: a frame announces %d payload bytes, more than the %d allowed"
                        .formatted(name, size, maxPayload));
            int length = VhostHeader.SIZE + (int) size;
            ByteBuffer frame = ByteBuffer.wrap(frames.apply(length), 0, length);
            frame.put(header.rewind());
            fill(frame, fds, false);
            return new Frame(frame.array(), fds);
        } catch (IOException | RuntimeException e) {
            fds.forEach(Fd::close);
            throw e;
        }
    }

    /** Reads until {@code into} is full; false on a clean end of stream before its first byte. */
    private boolean fill(ByteBuffer into, List<Fd> fds, boolean endAllowed) throws IOException {
        while (into.hasRemaining()) {
            Received r = socket.recv(into, MAX_FDS);
            fds.addAll(r.fds());
            if (r.fdsTruncated()) throw new IOException(name + ": too many descriptors with one message");
            if (r.bytes() == 0) {
                if (endAllowed && into.position() == 0) return false;
                throw new EOFException(name + ": connection closed inside a message");
            }
        }
        return true;
    }

    /** Writes a whole frame; {@code fds} go with its first byte. The caller keeps ownership of them. */
    public void write(byte[] frame, List<Fd> fds) throws NativeException {
        ByteBuffer b = ByteBuffer.wrap(frame);
        int[] numbers = fds.stream().mapToInt(Fd::get).toArray();
        socket.send(b, numbers);
        while (b.hasRemaining()) socket.send(b);
    }

    @Override
    public void close() {
        socket.close();
    }
}
