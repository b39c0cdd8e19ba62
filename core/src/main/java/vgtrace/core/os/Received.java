package vgtrace.core.os;

import java.util.List;

/**
 * What one {@link UnixSocket#recv} got.
 *
 * @param bytes bytes read into the buffer; 0 means the peer closed the connection
 * @param fds the descriptors that came with them (now owned by the caller), at most the asked number
 * @param fdsTruncated true if descriptors were dropped: more came than asked (the extra ones were
 *                     closed) or the kernel cut the control data (MSG_CTRUNC)
 */
public record Received(int bytes, List<Fd> fds, boolean fdsTruncated) implements AutoCloseable {

    public Received {
        fds = List.copyOf(fds);
    }

    /** Closes every received descriptor the caller did not take over. */
    @Override
    public void close() {
        fds.forEach(Fd::close);
    }
}
