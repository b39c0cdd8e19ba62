package vgtrace.replay;

import vgtrace.core.protocol.CtrlHeader;
import vgtrace.core.protocol.CtrlType;
import vgtrace.core.protocol.DecodeException;
import vgtrace.core.protocol.DisplayMode;
import vgtrace.core.protocol.ErrorResponse;
import vgtrace.core.protocol.GpuCodec;
import vgtrace.core.protocol.GpuMessage;
import vgtrace.core.protocol.OkNodata;
import vgtrace.core.protocol.Box;
import vgtrace.replay.virgl.FenceSignal;
import vgtrace.replay.virgl.ResourceInfo;
import vgtrace.replay.virgl.VirglRenderer;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;

/**
 * virglrenderer in this process as the replay's device: {@link VirglDevice} executes each command as
 * QEMU's virgl device would; this class adds QEMU's response rules (errors and data answers at once,
 * OK_NODATA at once when unfenced, else when the fence signals: ctx0 fences through
 * {@code create_fence}, ring fences through {@code context_create_fence} with MERGEABLE) and runs a
 * whole batch in one hop to the renderer thread.
 */
public final class VirglBackend implements ReplayBackend {

    /**
     * @param displays     the outputs GET_DISPLAY_INFO reports (a replay takes them from the trace)
     * @param hostmemBytes the host-visible window MAP_BLOB offsets must fit in (QEMU's {@code hostmem})
     * @param maxGuestRam  cap on the guest memory rebuilt from the trace
     * @param venus        also offer the Venus capset
     */
    public record Config(List<DisplayMode> displays, long hostmemBytes, long maxGuestRam, boolean venus) {
        public Config {
            displays = List.copyOf(displays);
        }

        public static Config defaults() {
            return new Config(List.of(Scanouts.DEFAULT_MODE), 1L << 30, 4L << 30, false);
        }

        public Config withDisplays(List<DisplayMode> modes) {
            return new Config(modes, hostmemBytes, maxGuestRam, venus);
        }
    }

    private record Pending(long seq, CtrlHeader header, List<Output> outputs) {}

    private static final int CAPSET_VIRGL = 1, CAPSET_VIRGL2 = 2, CAPSET_VENUS = 4;

    private final VirglRenderer renderer;
    private final VirglDevice device;
    private final List<Pending> fenced = new ArrayList<>();
    private final List<Completion> done = new ArrayList<>();
    private final List<FenceSignal> signals = new ArrayList<>();

    private VirglBackend(VirglRenderer renderer, Config config) {
        this.renderer = renderer;
        List<Integer> capsets = new ArrayList<>(List.of(CAPSET_VIRGL));
        if (renderer.capsetInfo(CAPSET_VIRGL2).maxSize() > 0) capsets.add(CAPSET_VIRGL2);
        if (config.venus() && renderer.capsetInfo(CAPSET_VENUS).maxSize() > 0) capsets.add(CAPSET_VENUS);
        this.device = new VirglDevice(renderer, new GuestRam(config.maxGuestRam()), new Scanouts(config.displays()),
                config.hostmemBytes(), capsets);
    }

    /** Starts virglrenderer (one per process) with surfaceless EGL. */
    public static VirglBackend open(Config config) {
        int flags = VirglRenderer.DEFAULT_FLAGS | (config.venus() ? VirglRenderer.FLAG_VENUS : 0);
        VirglRenderer renderer = VirglRenderer.init(flags);
        try {
            return new VirglBackend(renderer, config);
        } catch (RuntimeException e) {
            renderer.close();
            throw e;
        }
    }

    @Override
    public List<Completion> execute(List<Submission> batch) {
        return renderer.batch(r -> {
            for (Submission s : batch) run(s);
            r.poll();
            retire(r.drainSignaledFences());
            return takeDone();
        });
    }

    @Override
    public List<Completion> await(long maxWaitNanos) {
        long deadline = System.nanoTime() + maxWaitNanos;
        long sleep = 20_000;
        while (true) {
            List<Completion> out = renderer.batch(r -> {
                r.poll();
                retire(r.drainSignaledFences());
                return takeDone();
            });
            if (!out.isEmpty() || fenced.isEmpty() || System.nanoTime() >= deadline) return out;
            LockSupport.parkNanos(sleep);
            sleep = Math.min(sleep * 2, 1_000_000);
        }
    }

    private void run(Submission s) {
        for (MemoryWrite w : s.memory()) device.write(w);
        GpuMessage message;
        try {
            message = GpuCodec.decode(s.wire());
        } catch (DecodeException e) {
            complete(s.seq(), GpuCodec.encode(new ErrorResponse(CtrlHeader.of(CtrlType.RESP_ERR_UNSPEC))),
                    List.of());
            return;
        }
        CtrlHeader h = message.header();
        switch (device.run(message)) {
            case Outcome.Answer a -> complete(s.seq(), GpuCodec.encode(a.response()), List.of());
            case Outcome.Silent _ -> complete(s.seq(), null, List.of());
            case Outcome.Done d when !h.fenced() ->
                    complete(s.seq(), GpuCodec.encode(new OkNodata(CtrlHeader.of(CtrlType.RESP_OK_NODATA))), d.outputs());
            case Outcome.Done d -> {
                fenced.add(new Pending(s.seq(), h, d.outputs()));
                // Return codes ignored as QEMU does: a fence virglrenderer refuses never signals.
                if (h.hasRing()) renderer.contextCreateFence(h.ctxId(), VirglRenderer.FENCE_FLAG_MERGEABLE, h.ringIdx(), h.fenceId());
                else renderer.createFence(h.fenceId(), 0);
            }
        }
    }

    /** Answers every fenced command the signals cover, as QEMU's write_fence callbacks do. */
    private void retire(List<FenceSignal> signalled) {
        signals.addAll(signalled);
        for (FenceSignal f : signalled) {
            for (Iterator<Pending> it = fenced.iterator(); it.hasNext(); ) {
                Pending p = it.next();
                CtrlHeader h = p.header();
                boolean covered = switch (f.timeline()) {
                    case GLOBAL -> !h.hasRing() && Long.compareUnsigned(h.fenceId(), f.fenceId()) <= 0;
                    case CONTEXT -> h.hasRing() && h.ctxId() == f.ctxId() && h.ringIdx() == f.ringIdx()
                            && Long.compareUnsigned(h.fenceId(), f.fenceId()) <= 0;
                };
                if (!covered) continue;
                it.remove();
                complete(p.seq(), GpuCodec.encode(new OkNodata(Outcome.responseHeader(CtrlType.RESP_OK_NODATA, h))), p.outputs());
            }
        }
    }

    private void complete(long seq, byte[] response, List<Output> outputs) {
        done.add(new Completion(seq, response, outputs));
    }

    private List<Completion> takeDone() {
        List<Completion> out = List.copyOf(done);
        done.clear();
        return out;
    }

    @Override
    public List<FenceSignal> takeFenceSignals() {
        List<FenceSignal> out = List.copyOf(signals);
        signals.clear();
        return out;
    }

    /**
     * A resource's host content as TRANSFER_TO_HOST_3D writes it back: level 0, the whole box, rows
     * packed at the stride virglrenderer reports; empty when virglrenderer does not know the resource
     * (a blob) or refuses to read it. Array layers past the first and mip levels are not included.
     */
    public Optional<HostImage> hostImage(int resourceId) {
        Optional<ResourceInfo> info = renderer.resourceInfo(resourceId);
        if (info.isEmpty() || info.get().stride() <= 0) return Optional.empty();
        ResourceInfo i = info.get();
        Box box = new Box(0, 0, 0, i.width(), Math.max(1, i.height()), Math.max(1, i.depth()));
        byte[] bytes = renderer.readPixels(resourceId, box, i.stride());
        return bytes.length == 0 ? Optional.empty() : Optional.of(new HostImage(resourceId, box, i.stride(), bytes));
    }

    /** A mapped blob's bytes as the guest would see them through its mapping; empty when it is not mapped. */
    public Optional<byte[]> mappedBlob(int resourceId) {
        return renderer.readMapping(resourceId);
    }

    @Override
    public String describe() {
        return "virgl (virglrenderer in-process, surfaceless EGL)";
    }

    @Override
    public void close() {
        renderer.close();
    }
}
