package vgtrace.core.virtq;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.List;

/**
 * The buffers of one validated descriptor chain, in chain order: readable (device reads) ones first,
 * then writable ones. Every buffer lay wholly inside one region of the memory it was walked over.
 *
 * @param head the chain's head index in the descriptor table (what goes into the used ring)
 */
public record DescriptorChain(int head, List<Buffer> buffers) {

    /** One guest buffer; {@code len} is the raw u32. */
    public record Buffer(long addr, int len, boolean writable) {
        public long length() {
            return Integer.toUnsignedLong(len);
        }
    }

    public DescriptorChain {
        buffers = List.copyOf(buffers);
    }

    public List<Buffer> readable() {
        return buffers.stream().filter(b -> !b.writable()).toList();
    }

    public List<Buffer> writable() {
        return buffers.stream().filter(Buffer::writable).toList();
    }

    public long readableBytes() {
        return readable().stream().mapToLong(Buffer::length).sum();
    }

    public long writableBytes() {
        return writable().stream().mapToLong(Buffer::length).sum();
    }

    /** The first {@code min(readableBytes(), max)} readable bytes, concatenated in chain order. */
    public byte[] gatherReadable(GuestMemory memory, int max) throws GuestMemoryException {
        if (max < 0) throw new IllegalArgumentException("max is negative: " + max);
        byte[] out = new byte[(int) Math.min(readableBytes(), max)];
        int filled = 0;
        for (Buffer b : readable()) {
            if (filled == out.length) break;
            int n = (int) Math.min(b.length(), out.length - filled);
            MemorySegment.copy(memory.slice(b.addr(), n), ValueLayout.JAVA_BYTE, 0, out, filled, n);
            filled += n;
        }
        return out;
    }
}
