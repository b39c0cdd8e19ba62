package vgtrace.replay.reduce;

import vgtrace.replay.HostImage;
import vgtrace.replay.VirglBackend;
import vgtrace.replay.engine.PlanLoader;
import vgtrace.replay.engine.ReplayEngine;
import vgtrace.replay.engine.ReplayListener;
import vgtrace.replay.engine.ReplayPlan;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * The content of a trace's resources at a command, read back from virglrenderer after replaying
 * the commands before it: each image resource's level 0 and each mapped blob's bytes.
 *
 * @param images by resource id, those virglrenderer could read
 * @param blobs  mapped blobs' bytes, by resource id
 */
record StateReadBack(Map<Integer, HostImage> images, Map<Integer, byte[]> blobs) {

    private static final ReplayEngine.Options PREFIX = new ReplayEngine.Options(ReplayEngine.Timing.ASAP, 256,
            2_000_000_000L, false, false);

    static StateReadBack of(Path trace, long before, Collection<DeviceState.Resource> resources, VirglBackend backend)
            throws IOException {
        ReplayPlan prefix = PlanLoader.load(trace, new PlanLoader.Range(Long.MIN_VALUE, before - 1));
        new ReplayEngine(backend, PREFIX, ReplayListener.NONE).run(prefix);
        Map<Integer, HostImage> images = new HashMap<>();
        Map<Integer, byte[]> blobs = new HashMap<>();
        for (DeviceState.Resource r : resources) {
            switch (r.kind()) {
                case IMAGE -> backend.hostImage(r.id()).ifPresent(i -> images.put(r.id(), i));
                case HOST_BLOB -> backend.mappedBlob(r.id()).ifPresent(b -> blobs.put(r.id(), b));
                case GUEST_BLOB -> { } // its content is guest memory
            }
        }
        return new StateReadBack(images, blobs);
    }
}
