package vgtrace.core.virtq;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;
import static vgtrace.core.virtq.TestRings.readable;
import static vgtrace.core.virtq.TestRings.writable;

class ChainWalkerTest {

    private static final long BASE = 0x40000;
    private static final long DATA = BASE + 0x4000;
    private static final long TABLE = BASE + 0x8000;

    private final GuestMemory memory = TestRings.memory(BASE, 0x10000);
    private final SplitRing ring = TestRings.ring(memory, BASE, 16);
    private final ChainWalker walker = new ChainWalker();

    private DescriptorChain chain(WalkResult r) {
        return assertInstanceOf(WalkResult.Chain.class, r, () -> r.toString()).chain();
    }

    private WalkResult.Fault fault(WalkResult r, FaultKind kind) {
        WalkResult.Fault f = assertInstanceOf(WalkResult.Fault.class, r);
        assertEquals(kind, f.kind(), f.toString());
        assertFalse(f.detail().contains("\n"));
        return f;
    }

    @Test
    void directChainWithReadThenWriteBuffers() throws Exception {
        ring.writeDescriptor(5, readable(DATA, 24, 2));
        ring.writeDescriptor(2, readable(DATA + 0x100, 8, 9));
        ring.writeDescriptor(9, writable(DATA + 0x200, 24, -1));
        memory.write(DATA, "header-of-twenty-four-b!".getBytes());
        memory.write(DATA + 0x100, "payload!".getBytes());

        DescriptorChain c = chain(walker.walk(ring, 5));
        assertEquals(5, c.head());
        assertEquals(List.of(new DescriptorChain.Buffer(DATA, 24, false), new DescriptorChain.Buffer(DATA + 0x100, 8, false),
                new DescriptorChain.Buffer(DATA + 0x200, 24, true)), c.buffers());
        assertEquals(32, c.readableBytes());
        assertEquals(24, c.writableBytes());
        assertEquals(List.of(new DescriptorChain.Buffer(DATA + 0x200, 24, true)), c.writable());
        assertEquals("header-of-twenty-four-b!payload!", new String(c.gatherReadable(memory, 1000)));
        assertEquals("header-of-twenty-four-b!pay", new String(c.gatherReadable(memory, 27)));
        assertEquals(0, c.gatherReadable(memory, 0).length);
    }

    @Test
    void indirectChain() throws Exception {
        TestRings.writeTable(memory, TABLE, readable(DATA, 24, 1), readable(DATA + 0x40, 100, 3),
                writable(DATA + 0x1000, 1, -1), writable(DATA + 0x800, 24, 2));
        ring.writeDescriptor(0, new Descriptor(TABLE, 64, Descriptor.F_INDIRECT, 0));
        DescriptorChain c = chain(walker.walk(ring, 0));
        assertEquals(List.of(new DescriptorChain.Buffer(DATA, 24, false), new DescriptorChain.Buffer(DATA + 0x40, 100, false),
                new DescriptorChain.Buffer(DATA + 0x800, 24, true), new DescriptorChain.Buffer(DATA + 0x1000, 1, true)), c.buffers());
    }

    @Test
    void directDescriptorsThenIndirectTable() throws Exception {
        TestRings.writeTable(memory, TABLE, writable(DATA + 0x800, 24, -1));
        ring.writeDescriptor(3, readable(DATA, 24, 4));
        ring.writeDescriptor(4, new Descriptor(TABLE, 16, Descriptor.F_INDIRECT | Descriptor.F_WRITE, 0));
        assertEquals(2, chain(walker.walk(ring, 3)).buffers().size());
    }

    @Test
    void readableAfterWritableIsReported() {
        ring.writeDescriptor(0, writable(DATA, 24, 1));
        ring.writeDescriptor(1, readable(DATA, 24, -1));
        assertEquals(0, fault(walker.walk(ring, 0), FaultKind.WRITE_BEFORE_READ).head());
    }

    @Test
    void loopsAreDetected() throws Exception {
        ring.writeDescriptor(0, readable(DATA, 1, 1));
        ring.writeDescriptor(1, readable(DATA, 1, 0));
        fault(walker.walk(ring, 0), FaultKind.LOOP);
        ring.writeDescriptor(7, readable(DATA, 1, 7));
        fault(walker.walk(ring, 7), FaultKind.LOOP);
        TestRings.writeTable(memory, TABLE, readable(DATA, 1, 1), readable(DATA, 1, 0));
        ring.writeDescriptor(2, new Descriptor(TABLE, 32, Descriptor.F_INDIRECT, 0));
        fault(walker.walk(ring, 2), FaultKind.LOOP);
    }

    @Test
    void indirectTablePointingAtItselfIsNested() throws Exception {
        TestRings.writeTable(memory, TABLE, new Descriptor(TABLE, 16, Descriptor.F_INDIRECT, 0));
        ring.writeDescriptor(0, new Descriptor(TABLE, 16, Descriptor.F_INDIRECT, 0));
        fault(walker.walk(ring, 0), FaultKind.NESTED_INDIRECT);
    }

    @Test
    void indirectWithNextIsReported() {
        ring.writeDescriptor(0, new Descriptor(TABLE, 16, Descriptor.F_INDIRECT | Descriptor.F_NEXT, 1));
        fault(walker.walk(ring, 0), FaultKind.INDIRECT_WITH_NEXT);
    }

    @Test
    void badIndirectSizes() {
        for (int len : new int[]{0, 15, 17, -16}) {
            ring.writeDescriptor(0, new Descriptor(TABLE, len, Descriptor.F_INDIRECT, 0));
            fault(walker.walk(ring, 0), FaultKind.BAD_INDIRECT_SIZE);
        }
        ChainWalker tight = new ChainWalker(new ChainWalker.Limits(16, 1 << 20, 4));
        ring.writeDescriptor(0, new Descriptor(TABLE, 80, Descriptor.F_INDIRECT, 0));
        fault(tight.walk(ring, 0), FaultKind.BAD_INDIRECT_SIZE);
    }

    @Test
    void badIndices() throws Exception {
        fault(walker.walk(ring, 16), FaultKind.BAD_INDEX);
        fault(walker.walk(ring, -1), FaultKind.BAD_INDEX);
        fault(walker.walk(ring, 0xffff), FaultKind.BAD_INDEX);
        ring.writeDescriptor(0, readable(DATA, 1, 16));
        fault(walker.walk(ring, 0), FaultKind.BAD_INDEX);
        TestRings.writeTable(memory, TABLE, readable(DATA, 1, 2), readable(DATA, 1, -1));
        ring.writeDescriptor(1, new Descriptor(TABLE, 32, Descriptor.F_INDIRECT, 0));
        fault(walker.walk(ring, 1), FaultKind.BAD_INDEX);
    }

    @Test
    void buffersAndTablesOutsideMemoryAreRefusedAndCounted() {
        long end = BASE + 0x10000;
        ring.writeDescriptor(0, readable(end - 16, 16, -1));
        chain(walker.walk(ring, 0));
        long refused = memory.refusedAccesses();
        ring.writeDescriptor(0, readable(end - 16, 17, -1));
        fault(walker.walk(ring, 0), FaultKind.OUT_OF_MEMORY_RANGE);
        ring.writeDescriptor(0, readable(-8, 16, -1));
        fault(walker.walk(ring, 0), FaultKind.OUT_OF_MEMORY_RANGE);
        ring.writeDescriptor(0, new Descriptor(end - 16, 32, Descriptor.F_INDIRECT, 0));
        fault(walker.walk(ring, 0), FaultKind.OUT_OF_MEMORY_RANGE);
        assertEquals(refused + 3, memory.refusedAccesses());
    }

    @Test
    void lengthsNearTwoToTheThirtyTwo() {
        ring.writeDescriptor(0, readable(DATA, 0xffff_fff0, -1));
        fault(walker.walk(ring, 0), FaultKind.TOO_MANY_BYTES);
        ChainWalker generous = new ChainWalker(new ChainWalker.Limits(16, Long.MAX_VALUE, 16));
        fault(generous.walk(ring, 0), FaultKind.OUT_OF_MEMORY_RANGE);
    }

    @Test
    void byteAndLengthLimits() {
        ChainWalker tight = new ChainWalker(new ChainWalker.Limits(2, 100, 16));
        ring.writeDescriptor(0, readable(DATA, 60, 1));
        ring.writeDescriptor(1, writable(DATA, 40, -1));
        chain(tight.walk(ring, 0));
        ring.writeDescriptor(1, writable(DATA, 41, -1));
        fault(tight.walk(ring, 0), FaultKind.TOO_MANY_BYTES);
        ring.writeDescriptor(1, writable(DATA, 1, 2));
        ring.writeDescriptor(2, writable(DATA, 1, -1));
        fault(tight.walk(ring, 0), FaultKind.CHAIN_TOO_LONG);
    }

    @Test
    void zeroLengthBufferAtRegionEndIsAChain() {
        ring.writeDescriptor(0, writable(BASE + 0x10000, 0, -1));
        assertEquals(0, chain(walker.walk(ring, 0)).writableBytes());
    }

    @Test
    void limitsMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> new ChainWalker.Limits(0, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new ChainWalker.Limits(1, -1, 1));
        assertThrows(IllegalArgumentException.class, () -> new ChainWalker.Limits(1, 1, 0));
    }
}
