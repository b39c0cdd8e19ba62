package vgtrace.core.vhost;

/**
 * The virtio and vhost-user feature bits vgtrace reads or acks in GET_FEATURES and SET_FEATURES,
 * by their bit numbers in the virtio spec and QEMU's vhost-user.
 */
public enum VirtioFeature {
    /** VIRTIO_GPU_F_VIRGL: 3D commands. */
    GPU_VIRGL(0),
    /** VIRTIO_GPU_F_EDID: the device answers GET_EDID. */
    GPU_EDID(1),
    /** VIRTIO_RING_F_EVENT_IDX: used_event and avail_event suppress notifications. */
    RING_EVENT_IDX(29),
    /** VHOST_USER_F_PROTOCOL_FEATURES: the back-end negotiates protocol features (and ring enables). */
    PROTOCOL_FEATURES(30),
    /** VIRTIO_F_VERSION_1. */
    VERSION_1(32),
    /** VIRTIO_F_RING_PACKED: packed rings, which vgtrace does not snoop. */
    RING_PACKED(34);

    private final int bit;

    VirtioFeature(int bit) {
        this.bit = bit;
    }

    public int bit() {
        return bit;
    }

    public long mask() {
        return 1L << bit;
    }

    /** Whether {@code features} has this bit. */
    public boolean in(long features) {
        return (features & mask()) != 0;
    }

    public static long maskOf(VirtioFeature... features) {
        long mask = 0;
        for (VirtioFeature f : features) mask |= f.mask();
        return mask;
    }
}
