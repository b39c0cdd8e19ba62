package vgtrace.replay.virgl;

import vgtrace.core.protocol.Box;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/** Small device-level sequences shared by the renderer tests. */
final class Scenes {

    static final int SIZE = 64;
    static final int STRIDE = SIZE * 4;
    static final int BYTES = STRIDE * SIZE;

    private Scenes() {}

    /** A 64x64 B8G8R8A8 render target with a zeroed backing, attached to {@code ctxId}. */
    static void renderTarget(VirglRenderer r, int ctxId, int resId) {
        int rc = r.createResource(ResourceArgs.texture2d(resId, ResourceArgs.FORMAT_B8G8R8A8_UNORM,
                ResourceArgs.BIND_RENDER_TARGET | ResourceArgs.BIND_SAMPLER_VIEW, SIZE, SIZE));
        check("createResource", rc);
        check("attachBacking", r.attachBacking(resId, new byte[BYTES / 2], new byte[BYTES / 2]));
        if (ctxId != 0) r.ctxAttachResource(ctxId, resId);
    }

    /** A byte pattern that differs in every position of a row and between rows. */
    static byte[] pattern() {
        byte[] p = new byte[BYTES];
        for (int i = 0; i < p.length; i++) p[i] = (byte) (i * 7 + i / STRIDE * 13);
        return p;
    }

    /** Clears {@code resId} through a real virgl stream, then reads it back into its backing. */
    static byte[] clearAndRead(VirglRenderer r, int ctxId, int resId, int surfaceHandle,
                               float red, float green, float blue, float alpha) {
        byte[] stream = new VirglStream()
                .createSurface(surfaceHandle, resId, ResourceArgs.FORMAT_B8G8R8A8_UNORM, 0, 0, 0)
                .setFramebufferState(0, surfaceHandle)
                .clear(VirglStream.CLEAR_COLOR0, red, green, blue, alpha, 1.0, 0)
                .toBytes();
        check("submitCmd", r.submitCmd(ctxId, stream));
        check("transferRead", r.transferRead(resId, ctxId, 0, STRIDE, 0, Box.of2d(SIZE, SIZE), 0));
        return r.readBacking(resId);
    }

    /** Creates and polls ctx0 fences until {@code fenceId} is reported, or gives up after many polls. */
    static List<FenceSignal> signalGlobal(VirglRenderer r, long fenceId) {
        check("createFence", r.createFence(fenceId, 0));
        return pollUntil(r, s -> s.timeline() == FenceSignal.Timeline.GLOBAL && s.fenceId() >= fenceId);
    }

    static List<FenceSignal> pollUntil(VirglRenderer r, java.util.function.Predicate<FenceSignal> wanted) {
        var seen = new java.util.ArrayList<FenceSignal>();
        for (int i = 0; i < 1000; i++) {
            r.poll();
            seen.addAll(r.drainSignaledFences());
            if (seen.stream().anyMatch(wanted)) return seen;
            Thread.onSpinWait();
            if (i > 10) sleep();
        }
        return seen;
    }

    private static void sleep() {
        try {
            Thread.sleep(2);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static void check(String call, int rc) {
        if (rc != 0) throw new AssertionError(call + " returned " + rc);
    }

    static String sha256(byte[]... parts) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (byte[] p : parts) md.update(p);
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
