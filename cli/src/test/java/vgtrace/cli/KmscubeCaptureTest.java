package vgtrace.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vgtrace.capture.ftrace.FtraceImporter;
import vgtrace.core.protocol.CtrlType;
import vgtrace.core.trace.*;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.*;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The bundled capture of a client nobody here wrote (samples/traces/kmscube-capture.arrows: Debian
 * trixie's kmscube on the guest's Mesa virgl driver, QEMU 10.0.13 + virglrenderer 1.1 through the
 * shim, samples/vm/run-mesa.sh) against the guest's own ftrace of that run (samples/logs/kmscube),
 * replayed on this machine's virglrenderer (the cube is drawn) and, as root, on the build it was
 * captured on (1.1, in a trixie replay root) beside Debian 12's.
 */
class KmscubeCaptureTest {

    static final Path CAPTURE = CliRun.repo().resolve("samples/traces/kmscube-capture.arrows");
    static final Path LOGS = CliRun.repo().resolve("samples/logs/kmscube");

    private record Header(int type, int flags, long fence, int ctx, Integer ring, Integer answer) {}

    private static List<TraceEvent> rows(Path trace) throws IOException {
        List<TraceEvent> rows = new ArrayList<>();
        try (TraceReader reader = TraceReader.open(trace)) {
            while (reader.hasNext()) rows.add(reader.next());
            assertTrue(reader.truncation().isEmpty());
        }
        return rows;
    }

    /** The control commands in order, each with the type of its response (null when none). */
    private static List<Header> headers(List<TraceEvent> rows) {
        Map<Long, Integer> answers = new HashMap<>();
        rows.stream().filter(e -> e.kind() == EventKind.RESPONSE && e.pairSeq() != TraceEvent.NO_SEQ)
                .forEach(r -> answers.put(r.pairSeq(), r.header().type()));
        return rows.stream().filter(e -> e.kind() == EventKind.COMMAND && e.queue() == 0)
                .map(e -> new Header(e.header().type(), e.header().flags(), e.header().fenceId(), e.header().ctxId(),
                        e.ringIdx(), answers.get(e.seq())))
                .toList();
    }

    @Test
    void theCaptureIsSmall() throws IOException {
        assertTrue(Files.size(CAPTURE) <= 3L << 20, "at most 3 MB: " + Files.size(CAPTURE));
    }

    @Test
    void theCaptureMatchesItsGuestsFtraceCommandForCommandAndAnswerForAnswer() throws IOException {
        List<TraceEvent> rows = rows(CAPTURE);
        assertEquals(List.of(), rows.stream().filter(e -> e.kind() == EventKind.NOTE).map(TraceEvent::text).toList());
        List<TraceEvent> guest = new ArrayList<>();
        try (InputStream in = Files.newInputStream(LOGS.resolve("ftrace.txt"))) {
            new FtraceImporter(false).importFrom(in, "ftrace.txt", guest::add);
        }
        List<Header> ours = headers(rows);
        assertEquals(headers(guest), ours);
        assertEquals(197, ours.size());
        assertTrue(ours.stream().allMatch(h -> h.answer() != null), "every command answered");
        assertEquals(51, ours.stream().filter(h -> h.type() == CtrlType.SUBMIT_3D.code()).count(), "kmscube's submits");
        assertTrue(Files.readString(LOGS.resolve("client.log")).contains("Rendered 49 frames"));
    }

    @Test
    void theVertexBufferUploadedByAnEncodedTransferIsInTheCapture() throws IOException {
        // Mesa uploads kmscube's 864-byte vertex buffer with a TRANSFER3D inside the first SUBMIT_3D
        // (no TRANSFER_TO_HOST_3D): the shim takes the buffer's backing before that submit.
        List<TraceEvent> rows = rows(CAPTURE);
        MemoryContent memory = new MemoryContent(CAPTURE);
        for (TraceEvent e : rows) memory.accept(e);
        TraceEvent submit = rows.stream().filter(e -> e.kind() == EventKind.COMMAND
                && e.header().type() == CtrlType.SUBMIT_3D.code()).findFirst().orElseThrow();
        TraceEvent upload = rows.stream().filter(e -> e.kind() == EventKind.MEMORY && e.pairSeq() == submit.seq())
                .findFirst().orElseThrow();
        ByteBuffer vertices = ByteBuffer.wrap(memory.bytesOf(upload).orElseThrow()).order(ByteOrder.LITTLE_ENDIAN);
        // kmscube's first vertex is (-1, -1, +1), its first colour (0, 0, 1).
        assertEquals(-1f, vertices.getFloat(0));
        assertEquals(-1f, vertices.getFloat(4));
        assertEquals(1f, vertices.getFloat(8));
    }

    @Test
    void itReplaysOnThisMachinesVirglrendererAndTheCubeIsDrawn(@TempDir Path dir) throws IOException {
        Path frames = dir.resolve("frames");
        CliRun r = CliRun.of("replay", CAPTURE.toString(), "--virgl", "installed", "--frames", frames.toString());
        assertEquals(ExitCode.OK, r.exitCode(), r.out() + r.err());
        assertTrue(r.out().contains("197 commands, 197 completed, 57 frames") && r.out().contains("no divergence"), r.out());
        assertTrue(r.out().contains("197 responses, 0 read-backs, 0 frames, 54 fence signals"), r.out());
        // kmscube's frames: grey with a coloured cube. fbcon's (before and after) are black.
        int withCube = 0;
        try (var pngs = Files.list(frames)) {
            for (Path png : pngs.toList()) {
                BufferedImage image = ImageIO.read(png.toFile());
                int coloured = 0;
                for (int y = 0; y < image.getHeight(); y++)
                    for (int x = 0; x < image.getWidth(); x++) {
                        int p = image.getRGB(x, y), red = p >> 16 & 0xff, green = p >> 8 & 0xff, blue = p & 0xff;
                        if (red != green || green != blue) coloured++;
                    }
                if (coloured > image.getWidth() * image.getHeight() / 20) withCube++;
            }
        }
        assertTrue(withCube >= 49, withCube + " frames show the cube");
    }

    @Test
    void itReplaysCleanOnTheBuildItWasCapturedOnAndOnDebian12s() throws IOException {
        assumeTrue(ReplayRoots.runningAsRoot(), "replay roots are made (debootstrap) and entered (chroot) as root");
        CliRun r = CliRun.of("replay", CAPTURE.toString(), "--virgl", "0.10.4,1.1", "--json");
        assertEquals(ExitCode.OK, r.exitCode(), r.out() + r.err());
        List<ReplayReport> rows = new ArrayList<>();
        for (var node : new ObjectMapper().readTree(r.out())) rows.add(ReplayReport.parse(node.toString()));
        assertEquals(List.of("0.10.4", "1.1"), rows.stream().map(ReplayReport::build).toList());
        for (ReplayReport row : rows) {
            assertNull(row.divergence(), row.toString());
            assertEquals(197, row.responsesChecked(), row.toString());
            assertEquals(54, row.fencesChecked(), row.toString());
        }
    }
}
