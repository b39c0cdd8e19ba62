package vgtrace.core.vhost;

import vgtrace.core.os.Fd;

import java.util.List;

/**
 * One whole message read from a vhost-user or display socket: the header and payload bytes, and the
 * descriptors that came with them (owned by the holder until sent or closed).
 */
public record Frame(byte[] bytes, List<Fd> fds) implements AutoCloseable {

    public Frame {
        fds = List.copyOf(fds);
    }

    /** Closes the descriptors nobody took over. */
    @Override
    public void close() {
        fds.forEach(Fd::close);
    }
}
