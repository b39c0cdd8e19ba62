package vgtrace.capture.shim;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vgtrace.core.protocol.CtrlHeader;
import vgtrace.core.protocol.CtrlType;
import vgtrace.core.trace.*;

import java.io.IOException;
import java.io.InputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.*;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The shim loaded into a stand-in QEMU (capture/src/test/c, built by the module's build): a process
 * named qemu-system-*, a module loaded as QEMU loads its modules, the processor called through the
 * address the module stores, elements laid out as QEMU lays them out. Each check below is what the
 * stand-in's script did (qemu-system-standin.c).
 */
class ShimCaptureTest {

    static final Path STANDINS = Path.of("target/test-native");
    static final Path STANDIN = STANDINS.resolve("qemu-system-standin").toAbsolutePath();

    private record Capture(QemuCapture.Result result, List<TraceEvent> rows, Map<String, String> metadata) {
        List<TraceEvent> of(EventKind kind) {
            return rows.stream().filter(e -> e.kind() == kind).toList();
        }

        TraceEvent command(int index) {
            return of(EventKind.COMMAND).get(index);
        }

        List<TraceEvent> memoryOf(TraceEvent command) {
            return of(EventKind.MEMORY).stream().filter(m -> m.pairSeq() == command.seq()).toList();
        }
    }

    private static Capture capture(Path dir, String... args) throws Exception {
        Path trace = dir.resolve("t.arrows");
        List<String> command = new ArrayList<>(List.of(STANDIN.toString()));
        command.addAll(List.of(args));
        QemuCapture.Result result;
        try (QemuCapture c = QemuCapture.open(new QemuCapture.Options(trace, false, command, 1024))) {
            result = c.run();
        }
        List<TraceEvent> rows = new ArrayList<>();
        MemoryContent content = new MemoryContent(trace);
        Map<String, String> metadata;
        try (TraceReader r = TraceReader.open(trace)) {
            while (r.hasNext()) {
                TraceEvent e = r.next();
                content.accept(e);
                rows.add(e.kind() == EventKind.MEMORY && e.payload() == null
                        ? e.withContent(content.bytesOf(e).orElseThrow(), e.contentHash())
                        : e);
            }
            assertTrue(r.truncation().isEmpty(), "the trace was closed");
            metadata = r.metadata().asMap();
        }
        try (var left = Files.list(dir)) {
            assertEquals(List.of(trace), left.toList(), "the private directory with the shim and its socket is gone");
        }
        return new Capture(result, rows, metadata);
    }

    @Test
    void recordsWhatTheStandInDeviceTookAnsweredReadAndSignalled(@TempDir Path dir) throws Exception {
        Capture c = capture(dir);
        assertEquals(0, c.result().qemuExit());
        assertTrue(c.result().connected());
        assertTrue(c.result().deviceSeen(), () -> c.rows().toString());
        assertNull(c.result().problem());
        assertEquals("qemu 10.2.0 (stand-in)", c.metadata().get("vmm"));
        assertEquals("virtio-gpu-gl-device", c.metadata().get("device"));
        assertEquals("qemu-shim", c.metadata().get("source"));

        List<TraceEvent> commands = c.of(EventKind.COMMAND);
        assertEquals(List.of(0x100, 0x101, 0x106, 0x105, 0x105, 0x206, 0x207, 0x207, 0x10c, 0x208, 0x207, 0x209, 0x207),
                commands.stream().map(e -> e.header().type()).toList(),
                "every command once, in order; the suspended UNMAP_BLOB run twice is one command");

        // Exact bytes: a command split over two descriptors, and one with header padding and trailing bytes.
        byte[] displayInfo = new byte[24];
        displayInfo[0] = 0x00;
        displayInfo[1] = 0x01;
        assertArrayEquals(displayInfo, c.command(0).payload());
        byte[] create = c.command(1).payload();
        assertEquals(48, create.length);
        assertEquals(0xccbbaa, c.command(1).header().padding());
        assertArrayEquals(new byte[] {(byte) 0xee, (byte) 0xee, (byte) 0xee, (byte) 0xee, (byte) 0xee, (byte) 0xee,
                (byte) 0xee, (byte) 0xee}, Arrays.copyOfRange(create, 40, 48));
        assertEquals(64, c.command(1).fields().width());

        // Responses pair with their commands; the ring-7 submit is never answered.
        Map<Long, TraceEvent> answers = new HashMap<>();
        for (TraceEvent r : c.of(EventKind.RESPONSE)) assertNull(answers.put(r.pairSeq(), r), "one response per command");
        assertEquals(12, answers.size());
        assertFalse(answers.containsKey(c.command(7).seq()), "the fence on ring 7 never signalled");
        assertEquals(1, c.result().unanswered());
        TraceEvent readBackAnswer = answers.get(c.command(5).seq());
        assertEquals(CtrlHeader.FLAG_FENCE, readBackAnswer.header().flags(), "the response's bytes as QEMU finished them");
        assertEquals(5, readBackAnswer.header().fenceId());
        assertEquals(3, readBackAnswer.header().ctxId());
        assertEquals(0x1106, answers.get(c.command(9).seq()).header().type());
        assertEquals(1, answers.get(c.command(9).seq()).fields().mapInfo());

        // Guest memory: the backing at attach, nothing for an unchanged transfer, the changed page only.
        // The stand-in's RAM holds i * 7 at 0x1000 + i for i < 3 pages; the backing is 0x1000 and 0x3000..0x5000.
        byte[] ram = new byte[3 * 4096];
        for (int i = 0; i < 4096; i++) ram[i] = (byte) (i * 7);
        for (int i = 0; i < 4096; i++) ram[4096 + i] = (byte) ((0x2000 + i) * 7);
        TraceEvent attach = single(c.memoryOf(c.command(2)));
        assertEquals(List.of(new GuestRange(0x1000, 4096), new GuestRange(0x3000, 8192)), attach.ranges());
        assertArrayEquals(ram, attach.payload());
        assertEquals(List.of(), c.memoryOf(c.command(3)), "an unchanged backing is not recorded again");
        TraceEvent changed = single(c.memoryOf(c.command(4)));
        assertEquals(List.of(new GuestRange(0x3000, 4096)), changed.ranges());
        byte[] page = new byte[4096];
        Arrays.fill(page, (byte) 0x11);
        assertArrayEquals(page, changed.payload());

        // The read-back: the whole backing after the device wrote its first page.
        TraceEvent readBack = single(c.memoryOf(c.command(5)));
        assertEquals(List.of(new GuestRange(0x1000, 4096), new GuestRange(0x3000, 8192)), readBack.ranges());
        byte[] expected = ram.clone();
        Arrays.fill(expected, 0, 4096, (byte) 0x5a);
        Arrays.fill(expected, 4096, 8192, (byte) 0x11);
        assertArrayEquals(expected, readBack.payload());
        assertFalse(readBack.isBlobMemory());

        // What the guest wrote through its mapping of blob 2, taken before the next submit, once.
        TraceEvent blob = single(c.memoryOf(c.command(10)));
        assertTrue(blob.isBlobMemory());
        assertEquals(2, blob.fields().resourceId());
        assertEquals(List.of(new GuestRange(0, 8192)), blob.ranges(), "all of it: nothing of it was recorded before");
        assertTrue(new String(blob.payload(), 0, 20).startsWith("written by the guest"));
        assertEquals(List.of(), c.memoryOf(c.command(11)), "unchanged blob content is not recorded again");

        // A submit whose virgl stream uploads res 1 by an encoded transfer: the page the guest rewrote
        // is taken before it (Mesa's virgl driver uploads this way, with no TRANSFER_TO_HOST_3D); the
        // copy's source, a resource the shim never saw, adds nothing.
        TraceEvent upload = single(c.memoryOf(c.command(12)));
        assertEquals(1, upload.fields().resourceId());
        assertEquals(List.of(new GuestRange(0x1000, 4096)), upload.ranges());
        Arrays.fill(page, (byte) 0x22);
        assertArrayEquals(page, upload.payload());

        // The renderer's signals: fence 5 on the device's timeline, fence 7 on ctx 3 ring 2.
        List<TraceEvent> fences = c.of(EventKind.FENCE);
        assertEquals(2, fences.size());
        assertNull(fences.get(0).ringIdx());
        assertEquals(5, fences.get(0).header().fenceId());
        assertEquals(3, fences.get(1).header().ctxId());
        assertEquals(2, fences.get(1).ringIdx());
        assertEquals(7, fences.get(1).header().fenceId());
        assertTrue(fences.get(1).seq() < answers.get(c.command(6).seq()).seq(), "the signal comes before the answer it causes");
    }

    private static TraceEvent single(List<TraceEvent> rows) {
        assertEquals(1, rows.size(), rows::toString);
        return rows.getFirst();
    }

    @Test
    void aQemuOutsideTheKnownReleasesIsRefusedBeforeTheGuestStarts(@TempDir Path dir) throws Exception {
        Capture c = capture(dir, "--version", "6");
        assertEquals(4, c.result().qemuExit());
        assertTrue(c.result().connected());
        assertFalse(c.result().deviceSeen());
        assertEquals(List.of(), c.of(EventKind.COMMAND), "the script never ran");
    }

    @Test
    void aCommandWhoseElementDoesNotAddUpStopsRecordingAndTheGuestRunsOn(@TempDir Path dir) throws Exception {
        Capture c = capture(dir, "--bad-layout");
        assertEquals(0, c.result().qemuExit(), "the stand-in ran its whole script");
        assertEquals(List.of(CtrlType.GET_DISPLAY_INFO.code(), CtrlType.RESOURCE_CREATE_2D.code(),
                        CtrlType.RESOURCE_ATTACH_BACKING.code()),
                c.of(EventKind.COMMAND).stream().map(e -> e.header().type()).toList(),
                "what was taken before the bad element is delivered, nothing after it");
        assertTrue(c.of(EventKind.NOTE).getLast().text().contains("recording stopped here"), c.rows()::toString);
    }

    @Test
    void whenVgtraceGoesAwayTheGuestRunsOn(@TempDir Path dir) throws Exception {
        Path socket = dir.resolve("s");
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socket));
            ProcessBuilder pb = new ProcessBuilder(STANDIN.toString()).redirectErrorStream(true);
            pb.environment().put("LD_PRELOAD", ShimLibrary.extractTo(dir).toString());
            pb.environment().put("VGTRACE_SHIM_SOCKET", socket.toString());
            Process p = pb.start();
            try (SocketChannel ch = server.accept(); InputStream in = Channels.newInputStream(ch)) {
                ShimRecord first = new ShimRecordDecoder(in).next();
                assertInstanceOf(ShimRecord.Hello.class, first);
            } // the recorder is gone after its first record
            String out = new String(p.getInputStream().readAllBytes());
            assertTrue(p.waitFor(20, TimeUnit.SECONDS));
            assertEquals(0, p.exitValue(), out);
            assertTrue(out.contains("standin: guest done"), out);
        }
    }

    @Test
    void withNoRecorderListeningTheGuestRunsOnAndSaysRecordingIsOff(@TempDir Path dir) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(STANDIN.toString()).redirectErrorStream(true);
        pb.environment().put("LD_PRELOAD", ShimLibrary.extractTo(dir).toString());
        pb.environment().put("VGTRACE_SHIM_SOCKET", dir.resolve("nobody").toString());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(20, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("recording off, QEMU runs on"), out);
        assertTrue(out.contains("standin: guest done"), out);
    }
}
