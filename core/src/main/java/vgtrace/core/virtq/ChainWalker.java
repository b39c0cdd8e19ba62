package vgtrace.core.virtq;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * Walks split-ring descriptor chains, direct and indirect, as a device must: distrusting every field.
 *
 * <p>Work is bounded: each descriptor table (the ring's and at most one indirect table) is walked with a
 * visited bitset, so no descriptor is read twice and a walk reads at most {@code maxChainLength +
 * maxIndirectEntries} descriptors. Every buffer is checked against guest memory; nothing is read from it.
 * Never throws for anything the guest wrote. Stateless, so one walker may serve many threads.
 */
public final class ChainWalker {

    /**
     * @param maxChainLength most descriptors followed in the ring's table; a ring's own size also caps it,
     *                       so the default ({@link SplitRing#MAX_SIZE}) means "the queue size"
     * @param maxTotalBytes most bytes (readable plus writable) one chain may describe
     * @param maxIndirectEntries most entries an indirect table may have
     */
    public record Limits(int maxChainLength, long maxTotalBytes, int maxIndirectEntries) {
        public static final Limits DEFAULT = new Limits(SplitRing.MAX_SIZE, 64L << 20, SplitRing.MAX_SIZE);

        public Limits {
            if (maxChainLength < 1 || maxTotalBytes < 0 || maxIndirectEntries < 1)
                throw new IllegalArgumentException("limits must be positive: " + maxChainLength + ", "
                        + maxTotalBytes + ", " + maxIndirectEntries);
        }
    }

    private final Limits limits;

    public ChainWalker(Limits limits) {
        this.limits = limits;
    }

    public ChainWalker() {
        this(Limits.DEFAULT);
    }

    public Limits limits() {
        return limits;
    }

    /** Walks the chain starting at descriptor {@code head} (any int: a guest's avail entry is untrusted). */
    public WalkResult walk(SplitRing ring, int head) {
        return new Walk(ring.memory(), head).run(ring);
    }

    /** The state of one walk: buffers so far, byte count, whether a writable buffer was seen. */
    private final class Walk {
        private final GuestMemory memory;
        private final int head;
        private final List<DescriptorChain.Buffer> buffers = new ArrayList<>();
        private long totalBytes;
        private boolean sawWritable;

        Walk(GuestMemory memory, int head) {
            this.memory = memory;
            this.head = head;
        }

        WalkResult run(SplitRing ring) {
            int size = ring.size();
            if (head < 0 || head >= size) return fault(FaultKind.BAD_INDEX, "head %d outside a queue of %d", head, size);
            int maxLength = Math.min(limits.maxChainLength(), size);
            BitSet visited = new BitSet(size);
            int index = head;
            for (int followed = 1; ; followed++) {
                if (visited.get(index)) return fault(FaultKind.LOOP, "descriptor %d reached twice", index);
                if (followed > maxLength) return fault(FaultKind.CHAIN_TOO_LONG, "more than %d descriptors", maxLength);
                visited.set(index);
                Descriptor d = ring.descriptor(index);
                if (d.indirect()) {
                    if (d.hasNext()) return fault(FaultKind.INDIRECT_WITH_NEXT, "descriptor %d is indirect and has NEXT", index);
                    return indirect(index, d);
                }
                WalkResult.Fault f = add(d, "descriptor " + index);
                if (f != null) return f;
                if (!d.hasNext()) return done();
                if (d.next() >= size) return fault(FaultKind.BAD_INDEX, "descriptor %d: next %d outside a queue of %d", index, d.next(), size);
                index = d.next();
            }
        }

        private WalkResult indirect(int index, Descriptor table) {
            long bytes = table.length();
            if (bytes == 0 || bytes % Descriptor.SIZE != 0 || bytes / Descriptor.SIZE > limits.maxIndirectEntries())
                return fault(FaultKind.BAD_INDIRECT_SIZE, "descriptor %d: indirect table of %d bytes (limit %d entries)",
                        index, bytes, limits.maxIndirectEntries());
            MemorySegment entries;
            try {
                entries = memory.slice(table.addr(), bytes);
            } catch (GuestMemoryException e) {
                return fault(FaultKind.OUT_OF_MEMORY_RANGE, "descriptor %d: indirect table: %s", index, e.getMessage());
            }
            int count = (int) (bytes / Descriptor.SIZE);
            BitSet visited = new BitSet(count);
            int entry = 0;
            while (true) {
                if (visited.get(entry)) return fault(FaultKind.LOOP, "indirect entry %d reached twice", entry);
                visited.set(entry);
                Descriptor d = Descriptor.read(entries, entry);
                if (d.indirect()) return fault(FaultKind.NESTED_INDIRECT, "indirect entry %d is itself indirect", entry);
                WalkResult.Fault f = add(d, "indirect entry " + entry);
                if (f != null) return f;
                if (!d.hasNext()) return done();
                if (d.next() >= count) return fault(FaultKind.BAD_INDEX, "indirect entry %d: next %d outside a table of %d", entry, d.next(), count);
                entry = d.next();
            }
        }

        /** Adds one buffer after checking order, byte budget and memory; a fault or null. */
        private WalkResult.Fault add(Descriptor d, String where) {
            if (d.writable()) sawWritable = true;
            else if (sawWritable) return fault(FaultKind.WRITE_BEFORE_READ, "%s is readable after a writable buffer", where);
            totalBytes += d.length(); // at most (32768 + 32768) * (2^32 - 1): no overflow
            if (totalBytes > limits.maxTotalBytes())
                return fault(FaultKind.TOO_MANY_BYTES, "%s brings the chain to %d bytes (limit %d)", where, totalBytes, limits.maxTotalBytes());
            if (!memory.check(d.addr(), d.length()))
                return fault(FaultKind.OUT_OF_MEMORY_RANGE, "%s: buffer [0x%x, +%d) outside guest memory", where, d.addr(), d.length());
            buffers.add(new DescriptorChain.Buffer(d.addr(), d.len(), d.writable()));
            return null;
        }

        private WalkResult done() {
            return new WalkResult.Chain(new DescriptorChain(head, buffers));
        }

        private WalkResult.Fault fault(FaultKind kind, String format, Object... args) {
            return new WalkResult.Fault(head, kind, format.formatted(args));
        }
    }
}
