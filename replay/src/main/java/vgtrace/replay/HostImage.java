package vgtrace.replay;

import vgtrace.core.protocol.Box;

/**
 * A resource's host content, read back from virglrenderer: {@code bytes} hold {@code box} at level 0
 * with rows {@code stride} bytes apart, the layout TRANSFER_TO_HOST_3D with that box and stride
 * reads from a backing.
 */
public record HostImage(int resourceId, Box box, int stride, byte[] bytes) {}
