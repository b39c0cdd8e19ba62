/**
 * virglrenderer in-process through FFM: the replay's 3D backend.
 *
 * <p>{@link vgtrace.replay.virgl.VirglRenderer} is the typed device model (one per process; every
 * method callable from any thread, all work serialized on one platform thread);
 * {@link vgtrace.replay.virgl.VirglStream} builds small virgl command streams;
 * {@link vgtrace.replay.virgl.VirglBench} prints call rates. Guest-visible outcomes are raw
 * virglrenderer return codes (0 = success; the library mixes +errno and -errno), binding
 * failures are {@link vgtrace.replay.virgl.VirglException}s.
 *
 * <pre>{@code
 * try (VirglRenderer r = VirglRenderer.init(VirglRenderer.DEFAULT_FLAGS)) {
 *     r.createContext(1, "replay", 0);
 *     r.createResource(ResourceArgs.texture2d(1, ResourceArgs.FORMAT_B8G8R8A8_UNORM,
 *             ResourceArgs.BIND_RENDER_TARGET, 64, 64));
 *     r.attachBacking(1, new byte[64 * 64 * 4]);
 *     r.ctxAttachResource(1, 1);
 *     r.submitCmd(1, new VirglStream().createSurface(1, 1, ResourceArgs.FORMAT_B8G8R8A8_UNORM, 0, 0, 0)
 *             .setFramebufferState(0, 1).clear(VirglStream.CLEAR_COLOR0, 1, 0, 0, 1, 1.0, 0).toBytes());
 *     r.transferRead(1, 1, 0, 256, 0, Box.of2d(64, 64), 0);
 *     byte[] pixels = r.readBacking(1);
 * }
 * }</pre>
 *
 * <p>A thread hop costs ~10 us (park/unpark), so one hop per call tops out near 100k calls/s;
 * {@link vgtrace.replay.virgl.VirglRenderer#batch} runs many calls in one hop.
 */
package vgtrace.replay.virgl;
