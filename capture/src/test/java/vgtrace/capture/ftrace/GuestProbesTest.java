package vgtrace.capture.ftrace;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

class GuestProbesTest {

    @Test
    void theHarnessUsesExactlyTheseProbes() throws IOException {
        Path harness = Path.of(System.getProperty("vgtrace.repo", "..")).resolve("samples/vm/probes-ring-idx.txt");
        assertEquals(GuestProbes.BTF, Files.readAllLines(harness).stream().filter(l -> !l.isBlank()).toList());
    }

    @Test
    void eachFormSetsUpWhatTheParserReadsBack() {
        String btf = GuestProbes.script(GuestProbes.Form.BTF, 4096);
        GuestProbes.BTF.forEach(p -> assertTrue(btf.contains(p)));
        assertTrue(btf.contains("echo 4096 > \"$T/buffer_size_kb\""));
        String kprobe = GuestProbes.script(GuestProbes.Form.KPROBE, 4096);
        assertTrue(kprobe.contains("virtqueue_add_sgs") && kprobe.contains(GuestProbes.KPROBE_FILTER));
        assertFalse(GuestProbes.script(GuestProbes.Form.STOCK, 4096).contains("dynamic_events\""));
        // Every probe is named cmd_queue/cmd_response and records ring_idx: what FtraceLineParser recognises.
        for (String p : GuestProbes.BTF) assertTrue(p.contains("/cmd_") && p.contains("ring_idx="));
        assertTrue(GuestProbes.KPROBE.getFirst().startsWith("p:vgtrace/cmd_queue "));
    }

    @Test
    void theScriptIsValidShell() throws Exception {
        for (GuestProbes.Form f : GuestProbes.Form.values()) {
            Process p = new ProcessBuilder("sh", "-n").start();
            p.getOutputStream().write(GuestProbes.script(f, 1024).getBytes());
            p.getOutputStream().close();
            assertEquals(0, p.waitFor(), f + ": " + new String(p.getErrorStream().readAllBytes()));
        }
    }
}
