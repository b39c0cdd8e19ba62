package vgtrace.capture.proxy;

import vgtrace.core.vhost.FrameChannel;
import vgtrace.core.vhost.Frame;
import vgtrace.core.os.Epoll;
import vgtrace.core.os.UnixSocket;
import vgtrace.core.vhost.DisplayCodec;
import vgtrace.core.vhost.VhostDecodeException;

import java.io.IOException;

/**
 * The interposed vhost-user-gpu display channel: the back-end talks to {@code backendSide} (our end of
 * a socketpair whose other end it got in GPU_SET_SOCKET), the VMM listens on {@code vmmSide} (the
 * socket it sent). Messages pass both ways with their fds, unchanged; the back-end's ones are recorded
 * as DISPLAY rows first. The VMM's replies (display info, EDID, DMABUF_UPDATE acks) are only forwarded.
 * It runs on a thread of its own: a back-end blocks on every large UPDATE until it is read, so the
 * relay must not wait behind ring snooping.
 */
final class DisplayRelay implements AutoCloseable {

    /** An UPDATE carries a rectangle of pixels: allow a whole 8K x 8K 32-bit frame. */
    static final long MAX_PAYLOAD = 8192L * 8192 * 4 + 64;
    private static final int POLL_MS = 100;
    /** UPDATE frames wait for the recorder to hash them; pooled for the reason memory copies are. */
    private final BufferPool frames = new BufferPool(64L << 20);

    private final FrameChannel backendSide;
    private final FrameChannel vmmSide;
    private final TrafficRecorder traffic;
    private final Thread thread;
    private volatile boolean closing;

    DisplayRelay(UnixSocket backendSide, UnixSocket vmmSide, TrafficRecorder traffic) {
        this.backendSide = new FrameChannel("display channel (back-end side)", backendSide, MAX_PAYLOAD, frames::take);
        this.vmmSide = new FrameChannel("display channel (VMM side)", vmmSide, MAX_PAYLOAD);
        this.traffic = traffic;
        this.thread = Thread.ofPlatform().name("vgtrace-display").daemon().start(this::relay);
    }

    private void relay() {
        try (Epoll epoll = Epoll.create()) {
            epoll.add(backendSide.fd(), Epoll.IN);
            epoll.add(vmmSide.fd(), Epoll.IN);
            int backendFd = backendSide.fd().get();
            while (!closing) {
                for (Epoll.Ready r : epoll.await(2, POLL_MS)) {
                    if (!(r.fd() == backendFd ? fromBackend() : fromVmm())) return; // closed: the device is going away
                    traffic.flush();
                }
            }
        } catch (IOException | RuntimeException e) {
            if (!closing) traffic.fault("display channel stopped: " + e.getMessage());
        }
    }

    /** Relays one back-end message; false when the back-end closed the channel. */
    private boolean fromBackend() throws IOException {
        try (Frame f = backendSide.read()) {
            if (f == null) return false;
            byte[] bytes = f.bytes();
            vmmSide.write(bytes, f.fds()); // first: the VMM shows the frame while it is recorded
            try {
                traffic.display(DisplayCodec.decode(bytes), () -> frames.give(bytes));
            } catch (VhostDecodeException e) {
                frames.give(bytes);
                traffic.fault("display channel: " + e.getMessage());
            }
            return true;
        }
    }

    /** Relays one VMM message; false when the VMM closed the channel. */
    private boolean fromVmm() throws IOException {
        try (Frame f = vmmSide.read()) {
            if (f == null) return false;
            backendSide.write(f.bytes(), f.fds());
            return true;
        }
    }

    /** Stops the relay thread, then closes both sockets. */
    @Override
    public void close() {
        closing = true;
        try {
            thread.join(POLL_MS * 5L);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        backendSide.close();
        vmmSide.close();
    }
}
