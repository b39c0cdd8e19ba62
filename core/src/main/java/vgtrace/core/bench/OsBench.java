package vgtrace.core.bench;

import vgtrace.core.os.EventFd;
import vgtrace.core.os.Fd;
import vgtrace.core.os.MemFd;
import vgtrace.core.os.NativeException;
import vgtrace.core.os.Received;
import vgtrace.core.os.UnixSocket;

import java.nio.ByteBuffer;

/**
 * Rough per-call costs of the FFM Linux layer, single thread: eventfd signal+drain, and a 4 KiB
 * sendmsg+recvmsg over a socketpair without and with one passed descriptor. Run: {@code OsBench [iterations]}.
 */
public final class OsBench {

    private OsBench() {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        try (EventFd event = EventFd.create(); UnixSocket.Pair pair = UnixSocket.socketpair();
             Fd memfd = MemFd.create("bench", 4096, false)) {
            for (int round = 0; round < 2; round++) { // the first round warms up
                report("eventfd signal+drain", n, () -> {
                    event.signal();
                    event.drain();
                });
                ByteBuffer out = ByteBuffer.allocateDirect(4096), in = ByteBuffer.allocateDirect(4096);
                report("4 KiB send+recv", n, () -> roundTrip(pair, out, in));
                report("4 KiB send+recv with 1 fd", n, () -> roundTrip(pair, out, in, memfd.get()));
            }
        }
    }

    private static void roundTrip(UnixSocket.Pair pair, ByteBuffer out, ByteBuffer in, int... fds) throws NativeException {
        out.clear();
        pair.first().send(out, fds);
        in.clear();
        while (in.hasRemaining()) {
            try (Received r = pair.second().recv(in, 1)) {
                if (r.bytes() == 0) throw new IllegalStateException("peer closed");
            }
        }
    }

    private interface Step {
        void run() throws NativeException;
    }

    private static void report(String what, int n, Step step) throws NativeException {
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) step.run();
        double ns = (System.nanoTime() - t0) / (double) n;
        System.out.printf("%-28s %8.0f ns/op  %10.0f op/s%n", what, ns, 1e9 / ns);
    }
}
