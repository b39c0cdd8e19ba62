package vgtrace.replay.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vgtrace.core.protocol.DecodeException;
import vgtrace.core.protocol.GpuCodec;
import vgtrace.core.protocol.MemEntry;
import vgtrace.core.protocol.ResourceAttachBacking;
import vgtrace.core.trace.ContentHash;
import vgtrace.core.trace.EventKind;
import vgtrace.core.trace.GuestRange;
import vgtrace.core.trace.MemoryContent;
import vgtrace.core.trace.MessageRows;
import vgtrace.core.trace.TraceEvent;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Two captures of one workload differ in where the guest put its memory and how it cut backings into
 * pages, not in what the device was told or read: the committed capture against a copy whose guest
 * memory lies 16 MiB higher, each backing in other pieces.
 */
class TraceDiffTest {

    static final long SHIFT = 16L << 20;

    @TempDir
    Path dir;

    @Test
    void guestAddressesAreIgnoredByDefaultAndComparedWithExact() throws IOException {
        Path moved = moved(dir.resolve("moved.arrows"), -1);
        ReplayPlan a = PlanLoader.load(CapturedFramesTest.CAPTURE, PlanLoader.Range.ALL);
        ReplayPlan b = PlanLoader.load(moved, PlanLoader.Range.ALL);

        TraceDiff.Result device = TraceDiff.compare(a, b, TraceDiff.Match.DEVICE);
        assertTrue(device.first().isEmpty(), () -> device.first().orElseThrow().report());
        assertEquals(42, device.compared());
        assertEquals(3, device.commandAddresses(), "the three ATTACH_BACKINGs");
        assertEquals(11, device.memoryAddresses(), "the eleven transfers");

        Divergence exact = TraceDiff.compare(a, b, TraceDiff.Match.EXACT).first().orElseThrow();
        assertEquals(Divergence.Kind.COMMAND, exact.kind(), exact.report());
        assertTrue(exact.command().startsWith("RESOURCE_ATTACH_BACKING"), exact.report());
    }

    @Test
    void memoryOfOtherContentIsADifferenceEvenWhereAddressesAreIgnored() throws IOException {
        long changed = Traces.rows(CapturedFramesTest.CAPTURE).stream()
                .filter(r -> r.kind() == EventKind.MEMORY && r.payload() != null && r.payload().length < 100_000)
                .findFirst().orElseThrow().seq();
        Path other = moved(dir.resolve("other.arrows"), changed);
        Divergence d = TraceDiff.compare(PlanLoader.load(CapturedFramesTest.CAPTURE, PlanLoader.Range.ALL),
                PlanLoader.load(other, PlanLoader.Range.ALL), TraceDiff.Match.DEVICE).first().orElseThrow();
        assertEquals(Divergence.Kind.MEMORY, d.kind(), d.report());
        assertTrue(d.command().startsWith("TRANSFER_TO_HOST_2D"), d.report());
    }

    /** The capture with every guest address moved up by {@link #SHIFT}, and the first byte of MEMORY row {@code flip} flipped. */
    private static Path moved(Path to, long flip) throws IOException {
        MemoryContent content = new MemoryContent(CapturedFramesTest.CAPTURE);
        return Traces.rewrite(CapturedFramesTest.CAPTURE, to, e -> {
            try {
                content.accept(e);
                if (e.kind() == EventKind.COMMAND && GpuCodec.decode(e.payload()) instanceof ResourceAttachBacking ab) {
                    // moved, and each entry cut in two pieces: another boot's physical layout
                    List<MemEntry> entries = ab.entries().stream().flatMap(m -> Stream.of(
                            new MemEntry(m.addr() + SHIFT, 4096, 0),
                            new MemEntry(m.addr() + SHIFT + 4096 + 4096, m.length() - 4096, 0))).toList();
                    return MessageRows.command(e.seq(), e.tsNs(), e.queue(),
                            new ResourceAttachBacking(ab.header(), ab.resourceId(), entries.size(), entries));
                }
                if (e.kind() != EventKind.MEMORY) return e;
                byte[] bytes = content.bytesOf(e).orElseThrow().clone();
                if (e.seq() == flip) bytes[0] ^= 1;
                return TraceEvent.memory(e.seq(), e.tsNs(), e.pairSeq(), e.fields().resourceId(),
                        e.ranges().stream().map(r -> new GuestRange(r.gpa() + SHIFT, r.length())).toList(),
                        bytes, ContentHash.of(bytes), true);
            } catch (DecodeException | vgtrace.core.trace.TraceFileException x) {
                throw new AssertionError(x);
            }
        });
    }
}
