package vgtrace.replay.vhost;

import vgtrace.core.os.Fd;
import vgtrace.core.os.UnixSocket;
import vgtrace.core.vhost.Frame;
import vgtrace.core.vhost.FrameChannel;
import vgtrace.core.vhost.VhostCodec;
import vgtrace.core.vhost.VhostDecodeException;
import vgtrace.core.vhost.VhostHeader;
import vgtrace.core.vhost.VhostMessage;
import vgtrace.core.vhost.VhostRequest;

import java.io.IOException;
import java.util.List;

/**
 * The front-end side of a vhost-user control socket: messages encoded by {@link VhostCodec} and
 * framed by {@link FrameChannel}, with descriptors attached; replies read back whole. Blocking:
 * every call completes or throws.
 */
final class VhostUserChannel implements AutoCloseable {

    /** The largest reply taken: front-end requests get a u64 or a small struct back. */
    private static final long MAX_REPLY = 4096;

    private final FrameChannel channel;

    VhostUserChannel(UnixSocket socket) {
        this.channel = new FrameChannel("vhost-user", socket, MAX_REPLY);
    }

    /** A version-1 request header for {@code request} (the codec sets the size). */
    static VhostHeader header(VhostRequest request) {
        return VhostHeader.request(request.code(), 0);
    }

    void send(VhostMessage m, Fd... fds) throws IOException {
        channel.write(VhostCodec.encode(m), List.of(fds));
    }

    /** Sends a request without payload that always gets a u64 reply, and returns it. */
    long requestU64(VhostRequest request) throws IOException {
        send(new VhostMessage.Raw(header(request), new byte[0]));
        try (Frame f = channel.read()) {
            if (f == null) throw new IOException("vhost-user: the backend closed the connection");
            VhostMessage reply = VhostCodec.decode(f.bytes(), f.fds().size());
            if (reply instanceof VhostMessage.U64 u && u.header().isReply() && u.request() == request) return u.value();
            throw new IOException("vhost-user: bad reply to " + request + ": " + reply);
        } catch (VhostDecodeException e) {
            throw new IOException("vhost-user: bad reply to " + request + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        channel.close();
    }
}
