package vgtrace.core.virtq;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

import java.math.BigInteger;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Hostile rings: random descriptor tables and indirect tables over memory whose regions sit at the
 * edges of the address space. Whatever the guest wrote, a walk yields a Chain or a Fault, a chain
 * only names bytes inside one region, and every out-of-range attempt is refused and counted.
 */
class HostileRingTest {

    private static final long LOW = 0x0;           // 64 KiB: ring areas, indirect table, data
    private static final long TOP = -0x1000L;      // 4 KiB ending exactly at 2^64
    private static final long TABLE = LOW + 0x8000;

    @Property(tries = 1000)
    void walkYieldsChainOrFaultAndNeverLeavesMemory(
            @ForAll @IntRange(min = 0, max = 6) int sizeLog2,
            @ForAll("tables") @Size(min = 1, max = 64) List<Descriptor> ringTable,
            @ForAll("tables") @Size(min = 1, max = 16) List<Descriptor> indirectTable,
            @ForAll("limits") ChainWalker.Limits limits,
            @ForAll int head) throws Exception {
        GuestMemory memory = GuestMemory.of(TestRings.region(LOW, 0x10000), TestRings.region(TOP, 0x1000));
        SplitRing ring = TestRings.ring(memory, LOW, 1 << sizeLog2);
        for (int i = 0; i < ring.size(); i++) ring.writeDescriptor(i, ringTable.get(i % ringTable.size()));
        TestRings.writeTable(memory, TABLE, indirectTable.toArray(Descriptor[]::new));
        ChainWalker walker = new ChainWalker(limits);

        for (int h : new int[]{head, Math.floorMod(head, ring.size())}) {
            long refusedBefore = memory.refusedAccesses();
            WalkResult result = walker.walk(ring, h);
            Statistics.label("outcome").collect(result instanceof WalkResult.Fault f ? f.kind().name() : "CHAIN");
            long refused = memory.refusedAccesses() - refusedBefore;
            switch (result) {
                case WalkResult.Chain(DescriptorChain chain) -> {
                    assertEquals(0, refused);
                    assertValid(chain, memory, limits);
                }
                case WalkResult.Fault f -> {
                    assertEquals(f.kind() == FaultKind.OUT_OF_MEMORY_RANGE ? 1 : 0, refused, f.toString());
                    assertEquals(h, f.head());
                }
            }
        }
    }

    private static void assertValid(DescriptorChain chain, GuestMemory memory, ChainWalker.Limits limits) throws Exception {
        boolean sawWritable = false;
        long total = 0;
        for (DescriptorChain.Buffer b : chain.buffers()) {
            assertTrue(memory.regions().stream().anyMatch(r -> inside(r, b.addr(), b.length())), "outside: " + b);
            assertFalse(sawWritable && !b.writable(), "readable after writable: " + chain);
            sawWritable |= b.writable();
            total += b.length();
        }
        assertTrue(total <= limits.maxTotalBytes());
        assertEquals(Math.min(chain.readableBytes(), 4096), chain.gatherReadable(memory, 4096).length);
    }

    private static boolean inside(GuestMemory.Region r, long addr, long len) {
        BigInteger start = new BigInteger(Long.toUnsignedString(r.gpa()));
        BigInteger a = new BigInteger(Long.toUnsignedString(addr));
        return a.compareTo(start) >= 0
                && a.add(BigInteger.valueOf(len)).compareTo(start.add(BigInteger.valueOf(r.bytes().byteSize()))) <= 0;
    }

    @Provide
    Arbitrary<List<Descriptor>> tables() {
        Arbitrary<Long> addr = Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.longs().between(0x4000, 0xffff)),
                Tuple.of(2, Arbitraries.longs().between(-0x1100, -1)),
                Tuple.of(2, Arbitraries.of(TABLE, 0x10000L, 0xfff0L, TOP, -16L, -1L, 0L)),
                Tuple.of(1, Arbitraries.longs()));
        Arbitrary<Integer> len = Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.integers().between(0, 64)),
                Tuple.of(2, Arbitraries.of(16, 32, 256, 4096)),
                Tuple.of(2, Arbitraries.integers().between(-32, -1)), // near 2^32
                Tuple.of(1, Arbitraries.integers()));
        Arbitrary<Integer> flags = Arbitraries.frequencyOf(
                Tuple.of(8, Arbitraries.integers().between(0, 7)),
                Tuple.of(1, Arbitraries.integers().between(0, 0xffff)));
        Arbitrary<Integer> next = Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.integers().between(0, 70)),
                Tuple.of(1, Arbitraries.integers().between(0, 0xffff)));
        return Combinators.combine(addr, len, flags, next).as(Descriptor::new).list();
    }

    @Provide
    Arbitrary<ChainWalker.Limits> limits() {
        return Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.just(ChainWalker.Limits.DEFAULT)),
                Tuple.of(1, Combinators.combine(
                        Arbitraries.integers().between(1, 70),
                        Arbitraries.longs().between(0, 1L << 34),
                        Arbitraries.integers().between(1, 20)).as(ChainWalker.Limits::new)));
    }
}
