package vgtrace.core.vhost;

import vgtrace.core.vhost.VhostMessage.DeviceConfig;
import vgtrace.core.vhost.VhostMessage.GpuSetSocket;
import vgtrace.core.vhost.VhostMessage.MemTable;
import vgtrace.core.vhost.VhostMessage.Raw;
import vgtrace.core.vhost.VhostMessage.SingleRegion;
import vgtrace.core.vhost.VhostMessage.U64;
import vgtrace.core.vhost.VhostMessage.VringAddr;
import vgtrace.core.vhost.VhostMessage.VringFile;
import vgtrace.core.vhost.VhostMessage.VringState;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * The one decoder and encoder of vhost-user front-end socket messages. A frame is the 12-byte header
 * and exactly {@code size} payload bytes. Decoding throws nothing but {@link VhostDecodeException},
 * whatever the bytes; a message the model does not type is a {@link Raw}, not an error.
 */
public final class VhostCodec {

    private VhostCodec() {
    }

    /**
     * Decodes one frame that arrived with {@code fdCount} descriptors.
     *
     * @throws VhostDecodeException when the frame is not a complete message of its request, or lacks descriptors
     */
    public static VhostMessage decode(byte[] frame, int fdCount) throws VhostDecodeException {
        ByteBuffer b = ByteBuffer.wrap(frame).order(ByteOrder.LITTLE_ENDIAN);
        VhostHeader h = header(b, frame.length);
        ByteBuffer p = b.position(VhostHeader.SIZE).slice().order(ByteOrder.LITTLE_ENDIAN);
        VhostMessage m = decodePayload(h, p);
        int needed = fdsNeeded(m);
        if (fdCount < needed) throw new VhostDecodeException(name(h) + ": needs " + needed + " fds, got " + fdCount);
        return m;
    }

    /** Reads and checks the header of a whole frame of {@code frameLength} bytes. */
    static VhostHeader header(ByteBuffer b, int frameLength) throws VhostDecodeException {
        if (frameLength < VhostHeader.SIZE)
            throw new VhostDecodeException("frame of " + frameLength + " bytes is shorter than the 12-byte header");
        VhostHeader h = VhostHeader.read(b);
        if (h.payloadSize() != frameLength - VhostHeader.SIZE)
            throw new VhostDecodeException("%s: header says %d payload bytes, frame has %d"
                    .formatted(name(h), h.payloadSize(), frameLength - VhostHeader.SIZE));
        return h;
    }

    private static VhostMessage decodePayload(VhostHeader h, ByteBuffer p) throws VhostDecodeException {
        VhostRequest r = h.request() == 0 ? null : VhostRequest.of(h.request());
        if (r == null) return raw(h, p);
        if (h.isReply() && !hasTypedReply(r)) return p.remaining() == Long.BYTES ? new U64(h, p.getLong(0)) : raw(h, p);
        return switch (r) {
            case GET_FEATURES, GET_PROTOCOL_FEATURES, GET_STATUS, GET_QUEUE_NUM, GET_MAX_MEM_SLOTS ->
                    p.remaining() == 0 ? raw(h, p) : u64(h, p);
            case SET_FEATURES, SET_PROTOCOL_FEATURES, SET_STATUS -> u64(h, p);
            case SET_MEM_TABLE -> memTable(h, p);
            case ADD_MEM_REG, REM_MEM_REG -> {
                need(h, p, Long.BYTES + MemoryRegion.SIZE);
                yield new SingleRegion(h, p.getLong(0), region(p, Long.BYTES));
            }
            case SET_VRING_NUM, SET_VRING_BASE, GET_VRING_BASE, SET_VRING_ENABLE -> {
                need(h, p, 8);
                yield new VringState(h, p.getInt(0), p.getInt(4));
            }
            case SET_VRING_ADDR -> {
                need(h, p, VringAddr.SIZE);
                yield new VringAddr(h, p.getInt(0), p.getInt(4), p.getLong(8), p.getLong(16), p.getLong(24),
                        p.getLong(32));
            }
            case SET_VRING_KICK, SET_VRING_CALL, SET_VRING_ERR -> {
                need(h, p, Long.BYTES);
                yield new VringFile(h, p.getLong(0));
            }
            case GET_CONFIG, SET_CONFIG -> config(h, p);
            case GPU_SET_SOCKET -> {
                if (p.remaining() != 0) throw new VhostDecodeException("GPU_SET_SOCKET: has " + p.remaining() + " payload bytes, needs none");
                yield new GpuSetSocket(h);
            }
            default -> raw(h, p);
        };
    }

    /** Requests whose reply has a payload of its own shape (all other replies are a u64 ack or raw). */
    private static boolean hasTypedReply(VhostRequest r) {
        return switch (r) {
            case GET_FEATURES, GET_PROTOCOL_FEATURES, GET_STATUS, GET_QUEUE_NUM, GET_MAX_MEM_SLOTS, GET_VRING_BASE,
                 GET_CONFIG -> true;
            default -> false;
        };
    }

    private static MemTable memTable(VhostHeader h, ByteBuffer p) throws VhostDecodeException {
        if (p.remaining() < 8) need(h, p, 8);
        long n = Integer.toUnsignedLong(p.getInt(0));
        if (n > MemTable.MAX_REGIONS)
            throw new VhostDecodeException("SET_MEM_TABLE: " + n + " regions, at most " + MemTable.MAX_REGIONS);
        need(h, p, 8 + (int) n * MemoryRegion.SIZE);
        List<MemoryRegion> regions = new ArrayList<>();
        for (int i = 0; i < n; i++) regions.add(region(p, 8 + i * MemoryRegion.SIZE));
        return new MemTable(h, p.getInt(4), regions);
    }

    private static DeviceConfig config(VhostHeader h, ByteBuffer p) throws VhostDecodeException {
        if (p.remaining() < DeviceConfig.HEADER_SIZE) need(h, p, DeviceConfig.HEADER_SIZE);
        int size = p.getInt(4);
        if (size < 0 || size > DeviceConfig.MAX_SIZE)
            throw new VhostDecodeException(name(h) + ": config size " + Integer.toUnsignedString(size) + ", at most 256");
        need(h, p, DeviceConfig.HEADER_SIZE + size);
        byte[] data = new byte[p.remaining() - DeviceConfig.HEADER_SIZE];
        p.get(DeviceConfig.HEADER_SIZE, data);
        return new DeviceConfig(h, p.getInt(0), size, p.getInt(8), data);
    }

    private static MemoryRegion region(ByteBuffer p, int at) {
        return new MemoryRegion(p.getLong(at), p.getLong(at + 8), p.getLong(at + 16), p.getLong(at + 24));
    }

    private static U64 u64(VhostHeader h, ByteBuffer p) throws VhostDecodeException {
        need(h, p, Long.BYTES);
        return new U64(h, p.getLong(0));
    }

    private static Raw raw(VhostHeader h, ByteBuffer p) {
        byte[] payload = new byte[p.remaining()];
        p.get(0, payload);
        return new Raw(h, payload);
    }

    /** Refuses a payload that is not exactly {@code bytes} long (extra bytes would not survive a re-encode). */
    private static void need(VhostHeader h, ByteBuffer p, int bytes) throws VhostDecodeException {
        if (p.remaining() != bytes)
            throw new VhostDecodeException("%s: payload of %d bytes, needs %d".formatted(name(h), p.remaining(), bytes));
    }

    private static String name(VhostHeader h) {
        return VhostRequest.nameOf(h.request()) + (h.isReply() ? " reply" : "");
    }

    /** How many descriptors must come with {@code m}. */
    public static int fdsNeeded(VhostMessage m) {
        return switch (m) {
            case MemTable t -> t.header().isReply() ? 0 : t.regions().size();
            case SingleRegion s -> s.request() == VhostRequest.ADD_MEM_REG && !s.header().isReply() ? 1 : 0;
            case VringFile f -> f.noFd() ? 0 : 1;
            case GpuSetSocket _ -> 1;
            case U64 _, VringState _, VringAddr _, DeviceConfig _, Raw _ -> 0;
        };
    }

    /** The exact frame of a message: its header, with {@code size} set to the payload's length, then the payload. */
    public static byte[] encode(VhostMessage m) {
        byte[] payload = payload(m);
        ByteBuffer b = ByteBuffer.allocate(VhostHeader.SIZE + payload.length).order(ByteOrder.LITTLE_ENDIAN);
        m.header().withSize(payload.length).write(b);
        b.put(VhostHeader.SIZE, payload);
        return b.array();
    }

    private static byte[] payload(VhostMessage m) {
        return switch (m) {
            case U64 u -> le(Long.BYTES).putLong(u.value()).array();
            case MemTable t -> {
                ByteBuffer b = le(8 + t.regions().size() * MemoryRegion.SIZE).putInt(t.regions().size()).putInt(t.padding());
                t.regions().forEach(r -> putRegion(b, r));
                yield b.array();
            }
            case SingleRegion s -> putRegion(le(Long.BYTES + MemoryRegion.SIZE).putLong(s.padding()), s.region()).array();
            case VringState s -> le(8).putInt(s.index()).putInt(s.num()).array();
            case VringAddr a -> le(VringAddr.SIZE).putInt(a.index()).putInt(a.flags()).putLong(a.descUser())
                    .putLong(a.usedUser()).putLong(a.availUser()).putLong(a.log()).array();
            case VringFile f -> le(Long.BYTES).putLong(f.value()).array();
            case DeviceConfig c -> le(DeviceConfig.HEADER_SIZE + c.data().length).putInt(c.offset()).putInt(c.size())
                    .putInt(c.flags()).put(c.data()).array();
            case GpuSetSocket _ -> new byte[0];
            case Raw r -> r.payload().clone();
        };
    }

    private static ByteBuffer putRegion(ByteBuffer b, MemoryRegion r) {
        return b.putLong(r.guestPhysAddr()).putLong(r.memorySize()).putLong(r.userspaceAddr()).putLong(r.mmapOffset());
    }

    private static ByteBuffer le(int size) {
        return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    }
}
