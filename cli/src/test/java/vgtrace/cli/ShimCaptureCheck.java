package vgtrace.cli;

import vgtrace.capture.ftrace.FtraceImporter;
import vgtrace.core.protocol.CtrlType;
import vgtrace.core.trace.*;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.*;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.*;

/**
 * What a shim capture of a vgwork guest must hold, checked against the guest's own records of the same
 * run (its ftrace, with the header probes on 6.12 guests, and vgwork's log): used on fresh runs
 * (ShimCaptureE2ETest) and on the committed one (BundledCaptureTest).
 */
final class ShimCaptureCheck {

    /** A control command's header as both sides see it. */
    private record Header(int type, int flags, long fence, int ctx, Integer ring) {
        static Header of(TraceEvent e) {
            return new Header(e.header().type(), e.header().flags(), e.header().fenceId(), e.header().ctxId(), e.ringIdx());
        }
    }

    private ShimCaptureCheck() {
    }

    /** Checks {@code capture} against {@code run}'s ftrace.txt and vgwork.log; {@code vmm} starts its METADATA. */
    static void check(Path capture, Path run, String vmm) throws IOException {
        List<TraceEvent> rows = new ArrayList<>();
        MemoryContent memory = new MemoryContent(capture);
        Map<String, String> meta;
        try (TraceReader reader = TraceReader.open(capture)) {
            while (reader.hasNext()) {
                TraceEvent e = reader.next();
                memory.accept(e);
                rows.add(e);
            }
            assertTrue(reader.truncation().isEmpty());
            meta = reader.metadata().asMap();
        }
        assertTrue(meta.get("vmm").startsWith(vmm), meta.get("vmm"));
        String vgwork = Files.readString(run.resolve("vgwork.log"));
        assertEquals(List.of(), rows.stream().filter(e -> e.kind() == EventKind.NOTE).map(TraceEvent::text).toList(),
                "no losses, faults or decode errors");
        List<TraceEvent> commands = rows.stream().filter(e -> e.kind() == EventKind.COMMAND).toList();
        assertTrue(commands.stream().allMatch(c -> c.queue() == 0), "the shim records the control queue");

        // Every control command of the guest's ftrace, in order, with the same header (ring included).
        List<TraceEvent> guest = new ArrayList<>();
        try (InputStream in = Files.newInputStream(run.resolve("ftrace.txt"))) {
            new FtraceImporter(false).importFrom(in, "ftrace.txt", guest::add);
        }
        List<TraceEvent> guestCommands = guest.stream().filter(e -> e.kind() == EventKind.COMMAND && e.queue() == 0).toList();
        assertEquals(guestCommands.stream().map(Header::of).toList(), commands.stream().map(Header::of).toList());

        // The same responses (by type) to the same commands; a fence vgwork saw stuck (on ring 3 or 7) is
        // unanswered on both sides.
        List<Integer> guestAnswers = answers(guest, guestCommands), ourAnswers = answers(rows, commands);
        assertEquals(guestAnswers, ourAnswers);
        List<Header> unanswered = new ArrayList<>();
        for (int i = 0; i < commands.size(); i++) if (ourAnswers.get(i) == null) unanswered.add(Header.of(commands.get(i)));
        assertEquals(count(vgwork, "signalled=0"), unanswered.size(), unanswered::toString);
        assertTrue(unanswered.stream().allMatch(h -> h.type() == CtrlType.SUBMIT_3D.code()
                && (Objects.equals(h.ring(), 3) || Objects.equals(h.ring(), 7))), unanswered::toString);

        // Every fence answered on ring 0 was signalled by virglrenderer before its answer.
        Map<Long, TraceEvent> responseOf = new HashMap<>();
        rows.stream().filter(e -> e.kind() == EventKind.RESPONSE).forEach(r -> responseOf.put(r.pairSeq(), r));
        List<TraceEvent> fences = rows.stream().filter(e -> e.kind() == EventKind.FENCE).toList();
        for (TraceEvent c : commands) {
            if (!Objects.equals(c.ringIdx(), 0) || !responseOf.containsKey(c.seq())) continue;
            long answeredAt = responseOf.get(c.seq()).seq();
            assertTrue(fences.stream().anyMatch(f -> f.header().ctxId() == c.header().ctxId() && Objects.equals(f.ringIdx(), 0)
                    && Long.compareUnsigned(f.header().fenceId(), c.header().fenceId()) >= 0 && f.seq() < answeredAt),
                    "a signal for " + Header.of(c));
        }

        // The read-backs hold the pixels vgwork checked in the guest.
        Matcher m = Pattern.compile("op=readback ctx=\\d+ res_handle=(\\d+) pixel=\\S+ expect=0x(\\p{XDigit}+) matching=4096/4096")
                .matcher(vgwork);
        int checked = 0;
        while (m.find()) {
            int resource = Integer.parseInt(m.group(1));
            int expect = Integer.parseInt(m.group(2), 16);
            TraceEvent transfer = commands.stream().filter(c -> c.header().type() == CtrlType.TRANSFER_FROM_HOST_3D.code()
                    && c.fields().resourceId() == resource).reduce((a, b) -> b).orElseThrow();
            TraceEvent readBack = rows.stream().filter(e -> e.kind() == EventKind.MEMORY && e.pairSeq() == transfer.seq())
                    .findFirst().orElseThrow();
            ByteBuffer pixels = ByteBuffer.wrap(memory.bytesOf(readBack).orElseThrow()).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < 4096; i++) assertEquals(expect, pixels.getInt(4 * i) & 0xffffff, "pixel " + i + " of res " + resource);
            checked++;
        }
        assertEquals(count(vgwork, "op=readback "), checked, "every read-back vgwork checked");

        // What the guest wrote through its mapping of a HOST3D blob (vgwork writes a word and reads it back).
        Matcher mapped = Pattern.compile("op=map_blob ctx=\\d+ mem=host3d .* readback=0x(\\p{XDigit}+) ").matcher(vgwork);
        // The shim snapshots every mapped blob before each command that may read it, so a snapshot can come
        // between the map and the write (a console flush, say): the last one of offset 0 holds the word.
        if (mapped.find()) {
            Map<Integer, Integer> lastWordAtZero = new HashMap<>();
            rows.stream().filter(e -> e.isBlobMemory() && e.ranges().getFirst().gpa() == 0)
                    .forEach(e -> lastWordAtZero.put(e.fields().resourceId(),
                            ByteBuffer.wrap(memory.bytesOf(e).orElseThrow()).order(ByteOrder.LITTLE_ENDIAN).getInt(0)));
            assertTrue(lastWordAtZero.containsValue((int) Long.parseLong(mapped.group(1), 16)),
                    "the word vgwork wrote through its mapping, in the last snapshot of a blob: " + lastWordAtZero);
        }
    }

    private static int count(String text, String word) {
        return text.split(Pattern.quote(word), -1).length - 1;
    }

    /** For each command in order, the type of its response (null when none). */
    private static List<Integer> answers(List<TraceEvent> rows, List<TraceEvent> commands) {
        Map<Long, Integer> bySeq = new HashMap<>();
        rows.stream().filter(e -> e.kind() == EventKind.RESPONSE && e.pairSeq() != TraceEvent.NO_SEQ)
                .forEach(r -> bySeq.put(r.pairSeq(), r.header().type()));
        List<Integer> out = new ArrayList<>();
        for (TraceEvent c : commands) out.add(bySeq.get(c.seq()));
        return out;
    }
}
