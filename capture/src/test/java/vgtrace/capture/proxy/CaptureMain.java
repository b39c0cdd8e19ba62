package vgtrace.capture.proxy;

import vgtrace.core.os.UnixSocket;

import java.nio.file.Path;

/** A capture in a process of its own, for the SIGKILL test: {@code LISTEN BACKEND_SOCKET TRACE}. */
public final class CaptureMain {

    private CaptureMain() {
    }

    public static void main(String[] args) throws Exception {
        try (CaptureSession session = CaptureSession.open(new CaptureSession.Options(Path.of(args[0]), Path.of(args[2]),
                false, CaptureSession.Options.DEFAULT_QUEUE_ROWS, "fake"), UnixSocket.connect(Path.of(args[1])))) {
            System.out.println(session.run());
        }
    }
}
