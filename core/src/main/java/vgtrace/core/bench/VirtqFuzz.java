package vgtrace.core.bench;

import vgtrace.core.virtq.ChainWalker;
import vgtrace.core.virtq.Descriptor;
import vgtrace.core.virtq.DescriptorChain;
import vgtrace.core.virtq.FaultKind;
import vgtrace.core.virtq.GuestMemory;
import vgtrace.core.virtq.RingAdvance;
import vgtrace.core.virtq.RingLayoutException;
import vgtrace.core.virtq.RingWatcher;
import vgtrace.core.virtq.SplitRing;
import vgtrace.core.virtq.WalkResult;

import java.lang.foreign.MemorySegment;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Fuzz campaign for the split-ring reader: hostile rings (random and half-sane descriptor tables,
 * loops, self-pointing and nested indirect tables, addresses at region edges and past 2^64, lengths
 * near 2^32, random ring layouts and idx jumps) over guest memory laid out at the edges of the
 * address space. An input is "unexpected" if anything throws, or if a chain breaks an invariant
 * (a buffer outside memory, readable after writable, over the byte limit), or a refused access is
 * not counted. Deterministic for a seed. Run: {@code VirtqFuzz [inputs] [seed]}.
 */
public final class VirtqFuzz {

    /** Counts of one campaign; {@code firstUnexpected} is null when nothing unexpected happened. */
    public record Report(long inputs, long walks, long chains, long faults, long idxJumps, long layoutsRefused,
                         Map<FaultKind, Long> faultsByKind, long unexpected, String firstUnexpected) {
        public Report {
            faultsByKind = Map.copyOf(faultsByKind);
        }
    }

    private static final int BIG = 0x10000, SMALL = 0x1000, MAX_TABLE_ENTRIES = 64;

    private final SplittableRandom rnd;
    private final MemorySegment big = MemorySegment.ofArray(new byte[BIG]);
    private final MemorySegment small = MemorySegment.ofArray(new byte[SMALL]);
    private final Map<FaultKind, Long> faultsByKind = new EnumMap<>(FaultKind.class);
    private long walks, chains, faults, idxJumps, layoutsRefused, unexpected;
    private String firstUnexpected;

    // per-input state
    private GuestMemory memory;
    private long bigBase, smallBase;
    private long[] tableAddrs;
    private int[] tableEntries;

    private VirtqFuzz(long seed) {
        this.rnd = new SplittableRandom(seed);
    }

    public static Report run(long inputs, long seed) {
        VirtqFuzz fuzz = new VirtqFuzz(seed);
        for (long i = 0; i < inputs; i++) {
            try {
                String broken = fuzz.oneInput();
                if (broken != null) fuzz.unexpected("input " + i + ": " + broken);
            } catch (Throwable t) { // the point of the campaign: nothing may escape
                fuzz.unexpected("input " + i + ": " + t);
            }
        }
        return new Report(inputs, fuzz.walks, fuzz.chains, fuzz.faults, fuzz.idxJumps, fuzz.layoutsRefused,
                fuzz.faultsByKind, fuzz.unexpected, fuzz.firstUnexpected);
    }

    private void unexpected(String what) {
        if (unexpected++ == 0) firstUnexpected = what;
    }

    /** One hostile ring, walked; returns a broken invariant or null. */
    private String oneInput() {
        layMemory();
        SplitRing ring = rnd.nextInt(20) == 0 ? randomLayout() : plausibleLayout();
        if (ring == null) return null;
        int size = ring.size();
        writeIndirectTables();
        double sane = rnd.nextDouble();
        for (int i = 0; i < size; i++)
            ring.writeDescriptor(i, rnd.nextDouble() < sane ? saneDescriptor(i, size) : hostileDescriptor(i, size));
        for (int i = 0; i < size; i++) ring.pushAvail(rnd.nextInt(4) == 0 ? rnd.nextInt(0x10000) : rnd.nextInt(size));
        ChainWalker walker = new ChainWalker(rnd.nextInt(5) == 0 ? randomLimits() : ChainWalker.Limits.DEFAULT);

        int start = (ring.availIdx() - rnd.nextInt(size + 1)) & 0xffff;
        if (rnd.nextInt(10) == 0) start = rnd.nextInt(0x10000);
        switch (RingWatcher.avail(ring, start).poll()) {
            case RingAdvance.Fault<Integer> _ -> idxJumps++;
            case RingAdvance.Added<Integer> added -> {
                for (int head : added.entries().subList(0, Math.min(16, added.entries().size()))) {
                    String broken = walkAndCheck(walker, ring, head);
                    if (broken != null) return broken;
                }
            }
        }
        return walkAndCheck(walker, ring, switch (rnd.nextInt(3)) {
            case 0 -> rnd.nextInt();
            case 1 -> size;
            default -> rnd.nextInt(size);
        });
    }

    private String walkAndCheck(ChainWalker walker, SplitRing ring, int head) {
        walks++;
        long refusedBefore = memory.refusedAccesses();
        WalkResult result = walker.walk(ring, head);
        long refused = memory.refusedAccesses() - refusedBefore;
        return switch (result) {
            case WalkResult.Chain(DescriptorChain chain) -> {
                chains++;
                yield refused != 0 ? "a chain after " + refused + " refused accesses" : brokenChain(chain, walker.limits());
            }
            case WalkResult.Fault f -> {
                faults++;
                faultsByKind.merge(f.kind(), 1L, Long::sum);
                long expected = f.kind() == FaultKind.OUT_OF_MEMORY_RANGE ? 1 : 0;
                yield refused != expected ? refused + " refused accesses for " + f : null;
            }
        };
    }

    private String brokenChain(DescriptorChain chain, ChainWalker.Limits limits) {
        boolean sawWritable = false;
        long total = 0;
        for (DescriptorChain.Buffer b : chain.buffers()) {
            if (!inside(b.addr(), b.length())) return "buffer outside memory: " + b;
            if (sawWritable && !b.writable()) return "readable after writable: " + chain;
            sawWritable |= b.writable();
            total += b.length();
        }
        if (total > limits.maxTotalBytes()) return "chain of " + total + " bytes over " + limits.maxTotalBytes();
        try {
            int max = rnd.nextInt(512);
            if (chain.gatherReadable(memory, max).length != Math.min(chain.readableBytes(), max)) return "short gather: " + chain;
        } catch (Exception e) {
            return "gather failed: " + e;
        }
        return null;
    }

    /** The oracle: inclusive last addresses, so the region at the top of the address space needs no 2^64. */
    private boolean inside(long addr, long len) {
        for (GuestMemory.Region r : memory.regions()) {
            long first = r.gpa(), last = r.lastGpa();
            if (Long.compareUnsigned(addr, first) < 0) continue;
            if (len == 0) {
                if (addr == first || Long.compareUnsigned(addr - 1, last) <= 0) return true;
                continue;
            }
            long lastByte = addr + len - 1;
            if (Long.compareUnsigned(lastByte, addr) >= 0 && Long.compareUnsigned(lastByte, last) <= 0) return true;
        }
        return false;
    }

    private void layMemory() {
        switch (rnd.nextInt(4)) {
            case 0 -> { bigBase = 0; smallBase = BIG; }                          // adjacent
            case 1 -> { bigBase = 1L << 32; smallBase = -SMALL; }                 // small at the top
            case 2 -> { bigBase = -BIG; smallBase = 0; }                          // big at the top
            default -> { bigBase = rnd.nextLong(1L << 20, 1L << 40) & ~0xfffL; smallBase = bigBase + 2L * BIG; }
        }
        memory = GuestMemory.of(new GuestMemory.Region(bigBase, big), new GuestMemory.Region(smallBase, small));
    }

    private SplitRing plausibleLayout() {
        int size = 1 << rnd.nextInt(9);
        long desc = bigBase + 16L * rnd.nextInt((BIG - 16 * size) / 16 + 1);
        long avail = bigBase + 2L * rnd.nextInt((BIG - 6 - 2 * size) / 2 + 1);
        long used = bigBase + 4L * rnd.nextInt((BIG - 6 - 8 * size) / 4 + 1);
        try {
            return SplitRing.open(memory, size, desc, avail, used);
        } catch (RingLayoutException e) {
            throw new IllegalStateException("a plausible layout was refused: " + e.getMessage());
        }
    }

    private SplitRing randomLayout() {
        int size = rnd.nextBoolean() ? 1 << rnd.nextInt(17) : rnd.nextInt();
        try {
            return SplitRing.open(memory, size, anyAddress(), anyAddress(), anyAddress());
        } catch (RingLayoutException e) {
            layoutsRefused++;
            return null;
        }
    }

    private void writeIndirectTables() {
        int tables = rnd.nextInt(4);
        tableAddrs = new long[tables];
        tableEntries = new int[tables];
        for (int t = 0; t < tables; t++) {
            int entries = 1 + rnd.nextInt(MAX_TABLE_ENTRIES);
            long offset = 16L * rnd.nextInt((BIG - 16 * entries) / 16 + 1);
            MemorySegment table = big.asSlice(offset, 16L * entries);
            tableAddrs[t] = bigBase + offset;
            tableEntries[t] = entries;
            double sane = rnd.nextDouble();
            for (int i = 0; i < entries; i++)
                (rnd.nextDouble() < sane ? saneDescriptor(i, entries) : hostileDescriptor(i, entries)).write(table, i);
        }
    }

    /** A well-formed buffer in a chain of the table's first entries, reads before writes. */
    private Descriptor saneDescriptor(int index, int tableSize) {
        boolean last = index == tableSize - 1 || rnd.nextInt(4) == 0;
        boolean write = index > tableSize / 2;
        int len = 1 + rnd.nextInt(512);
        long addr = rnd.nextInt(4) == 0 ? smallBase + rnd.nextInt(SMALL - len + 1) : bigBase + rnd.nextInt(BIG - len + 1);
        int flags = (last ? 0 : Descriptor.F_NEXT) | (write ? Descriptor.F_WRITE : 0);
        if (tableAddrs.length > 0 && rnd.nextInt(8) == 0) return indirectDescriptor();
        return new Descriptor(addr, len, flags, last ? 0 : index + 1);
    }

    private Descriptor indirectDescriptor() {
        int t = rnd.nextInt(tableAddrs.length);
        int len = 16 * tableEntries[t] + (rnd.nextInt(8) == 0 ? rnd.nextInt(-16, 17) : 0);
        return new Descriptor(tableAddrs[t], len, Descriptor.F_INDIRECT | (rnd.nextInt(8) == 0 ? Descriptor.F_NEXT : 0), 0);
    }

    private Descriptor hostileDescriptor(int index, int tableSize) {
        if (tableAddrs.length > 0 && rnd.nextInt(6) == 0) return indirectDescriptor();
        long addr = anyAddress();
        int len = switch (rnd.nextInt(6)) {
            case 0 -> 0;
            case 1 -> 1 + rnd.nextInt(4096);
            case 2 -> -1 - rnd.nextInt(32); // near 2^32
            case 3 -> rnd.nextInt();
            case 4 -> 16 * (1 + rnd.nextInt(70));
            default -> 1 + rnd.nextInt(64);
        };
        int flags = rnd.nextInt(10) < 7 ? rnd.nextInt(8) : rnd.nextInt(0x10000);
        int next = switch (rnd.nextInt(20)) {
            case 0, 1, 2 -> rnd.nextInt(0x10000);
            case 3, 4, 5, 6, 7 -> (index + 1) % tableSize;
            case 8 -> index;
            default -> rnd.nextInt(tableSize);
        };
        return new Descriptor(addr, len, flags, next);
    }

    private long anyAddress() {
        return switch (rnd.nextInt(9)) {
            case 0 -> rnd.nextLong();
            case 1 -> bigBase + rnd.nextInt(BIG);
            case 2 -> smallBase + rnd.nextInt(SMALL);
            case 3 -> bigBase + BIG - rnd.nextInt(64);
            case 4 -> bigBase - 1 - rnd.nextInt(64);
            case 5 -> smallBase + SMALL - rnd.nextInt(64);
            case 6 -> -1L - rnd.nextInt(64);
            case 7 -> tableAddrs != null && tableAddrs.length > 0 ? tableAddrs[rnd.nextInt(tableAddrs.length)] : 0;
            default -> rnd.nextInt(64);
        };
    }

    private ChainWalker.Limits randomLimits() {
        return new ChainWalker.Limits(1 + rnd.nextInt(16), rnd.nextLong(1L << 33), 1 + rnd.nextInt(MAX_TABLE_ENTRIES));
    }

    public static void main(String[] args) {
        long inputs = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000;
        long seed = args.length > 1 ? Long.parseLong(args[1]) : 1;
        long t0 = System.nanoTime();
        Report report = run(inputs, seed);
        double seconds = (System.nanoTime() - t0) / 1e9;
        System.out.println(report);
        System.out.printf("%.1f s, %.0f inputs/s, %.0f walks/s%n", seconds, inputs / seconds, report.walks() / seconds);
    }
}
