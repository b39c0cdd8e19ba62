package vgtrace.core.vhost;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One vhost-user message on the front-end socket, as {@link VhostCodec} decodes it. Only the messages
 * vgtrace reads are typed; every other one is {@link Raw}. Records keep every wire field, so
 * {@code encode(decode(b))} equals {@code b} for exact messages. Descriptors travel beside the bytes
 * and are not part of the record ({@link VhostCodec#fdsNeeded} says how many a message needs).
 */
public sealed interface VhostMessage {

    VhostHeader header();

    /** The request number, or {@code null} for a number {@link VhostRequest} does not name. */
    default VhostRequest request() {
        return VhostRequest.of(header().request());
    }

    /**
     * A u64 payload: GET/SET_FEATURES, GET/SET_PROTOCOL_FEATURES, SET/GET_STATUS, a REPLY_ACK answer,
     * GET_MAX_MEM_SLOTS and GET_QUEUE_NUM replies.
     */
    record U64(VhostHeader header, long value) implements VhostMessage {
    }

    /** SET_MEM_TABLE: one fd per region, in order. */
    record MemTable(VhostHeader header, int padding, List<MemoryRegion> regions) implements VhostMessage {
        public static final int MAX_REGIONS = 8;

        public MemTable {
            regions = List.copyOf(regions);
        }
    }

    /** ADD_MEM_REG (with the region's fd) and REM_MEM_REG. */
    record SingleRegion(VhostHeader header, long padding, MemoryRegion region) implements VhostMessage {
    }

    /** SET_VRING_NUM, SET_VRING_BASE, GET_VRING_BASE (request and reply), SET_VRING_ENABLE. */
    record VringState(VhostHeader header, int index, int num) implements VhostMessage {
    }

    /**
     * SET_VRING_ADDR: ring addresses in the front-end's virtual address space (translate them through
     * the memory table's {@code userspace_addr}); {@code log} is a guest physical address.
     */
    record VringAddr(VhostHeader header, int index, int flags, long descUser, long usedUser, long availUser,
                     long log) implements VhostMessage {
        public static final int SIZE = 40;
    }

    /** SET_VRING_KICK, SET_VRING_CALL, SET_VRING_ERR: vring index in bits 0-7, bit 8 = no fd (polling). */
    record VringFile(VhostHeader header, long value) implements VhostMessage {
        public static final long INDEX_MASK = 0xff, NO_FD = 0x100;

        public int index() {
            return (int) (value & INDEX_MASK);
        }

        public boolean noFd() {
            return (value & NO_FD) != 0;
        }
    }

    /** GET_CONFIG (request and reply) and SET_CONFIG: a window of the device config space. */
    record DeviceConfig(VhostHeader header, int offset, int size, int flags, byte[] data) implements VhostMessage {
        public static final int HEADER_SIZE = 12, MAX_SIZE = 256;

        public DeviceConfig {
            Objects.requireNonNull(data, "data");
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof DeviceConfig c && header.equals(c.header) && offset == c.offset && size == c.size
                    && flags == c.flags && Arrays.equals(data, c.data);
        }

        @Override
        public int hashCode() {
            return Objects.hash(header, offset, size, flags, Arrays.hashCode(data));
        }
    }

    /** GPU_SET_SOCKET: no payload; the fd is the front-end's end of the display channel. */
    record GpuSetSocket(VhostHeader header) implements VhostMessage {
    }

    /** Any other message, or a GET_* request without payload: the header and the payload bytes. */
    record Raw(VhostHeader header, byte[] payload) implements VhostMessage {
        public Raw {
            Objects.requireNonNull(payload, "payload");
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Raw r && header.equals(r.header) && Arrays.equals(payload, r.payload);
        }

        @Override
        public int hashCode() {
            return 31 * header.hashCode() + Arrays.hashCode(payload);
        }
    }
}
