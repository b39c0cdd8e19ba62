package vgtrace.capture.proxy;

import vgtrace.core.vhost.FrameChannel;
import vgtrace.core.vhost.Frame;
import vgtrace.core.protocol.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Capture throughput without a VM: the fake front-end sends rounds of TRANSFER_TO_HOST_2D (a 256x256
 * rectangle of a 1280x800 resource) + RESOURCE_FLUSH through the proxy to the fake back-end, one
 * round trip at a time, and prints rounds/s, messages/s and guest-memory MB/s. Prints figures only:
 * {@code ProxyBench [rounds]}.
 */
public final class ProxyBench {

    private ProxyBench() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        Path dir = Files.createTempDirectory("vgtrace-proxy-bench");
        ProxyHarness h = new ProxyHarness(dir, CaptureSession.Options.DEFAULT_QUEUE_ROWS);
        try (h) {
            FakeFrontEnd vmm = h.vmm;
            vmm.handshake();
            Thread.ofPlatform().daemon().start(() -> drain(vmm)); // the VMM reads every display update
            long backing = vmm.alloc(1280 * 800 * 4 / 2); // half the frame: the fake guest is 4 MiB
            int done = 0;
            vmm.submit(0, GpuCodec.encode(new ResourceCreate2d(CtrlHeader.of(CtrlType.RESOURCE_CREATE_2D), 1, 2, 1280, 400)), 24);
            vmm.submit(0, GpuCodec.encode(ResourceAttachBacking.of(CtrlHeader.of(CtrlType.RESOURCE_ATTACH_BACKING), 1,
                    List.of(MemEntry.of(backing, 1280 * 400 * 4)))), 24);
            vmm.awaitUsed(0, done += 2);
            byte[] transfer = GpuCodec.encode(new TransferToHost2d(CtrlHeader.of(CtrlType.TRANSFER_TO_HOST_2D),
                    new Rect(0, 0, 256, 256), 0, 1, 0));
            byte[] flush = GpuCodec.encode(new ResourceFlush(CtrlHeader.of(CtrlType.RESOURCE_FLUSH), new Rect(0, 0, 256, 256), 1, 0));
            long start = 0;
            for (int i = 0; i < rounds + rounds / 5; i++) {
                if (i == rounds / 5) start = System.nanoTime(); // the first fifth warms the JIT up
                vmm.submit(0, transfer, 24);
                vmm.submit(0, flush, 24);
                vmm.awaitUsed(0, done += 2);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("proxy bench: %d rounds in %.2f s: %.0f rounds/s, %.0f messages/s (commands + responses),"
                            + " %.1f MB/s guest memory, %.0f us a round%n", rounds, seconds, rounds / seconds,
                    4 * rounds / seconds, rounds * 256.0 * 256 * 4 / 1e6 / seconds, seconds * 1e6 / rounds);
            h.finish();
        }
        System.out.println("recorder: " + h.session.recorderStats());
    }

    private static void drain(FakeFrontEnd vmm) {
        FrameChannel display = new FrameChannel("bench VMM display", vmm.display.first(), 64 << 20);
        try {
            while (true) {
                try (Frame f = display.read()) {
                    if (f == null) return;
                }
            }
        } catch (java.io.IOException | IllegalStateException e) {
            // the bench is over: the socket closed
        }
    }
}
