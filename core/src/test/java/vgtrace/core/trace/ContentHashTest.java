package vgtrace.core.trace;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ContentHashTest {

    @TempDir
    Path dir;

    /** Reference values from xxhsum -H1 (xxHash 0.8.1), covering every tail length path and the stripe loop. */
    @Test
    void matchesXxh64SeedZero() {
        assertEquals(0xef46db3751d8e999L, ContentHash.of(new byte[0]));
        assertEquals(0xd24ec4f1a98c6e5bL, ContentHash.of("a".getBytes(StandardCharsets.US_ASCII)));
        assertEquals(0x44bc2cf5ad770999L, ContentHash.of("abc".getBytes(StandardCharsets.US_ASCII)));
        byte[] ramp = new byte[1024 + 11];
        for (int i = 0; i < 1024; i++) ramp[i] = (byte) i;
        System.arraycopy("tail1234567".getBytes(StandardCharsets.US_ASCII), 0, ramp, 1024, 11);
        assertEquals(0x095194b8a7d7c475L, ContentHash.of(ramp));
        assertEquals(0xd93fa2dfee5c24c9L, ContentHash.of(Arrays.copyOf(ramp, 37)));
        assertEquals(0x10fdd84d6409abdfL, ContentHash.of(Arrays.copyOf(ramp, 45)));
        assertEquals(ContentHash.of(Arrays.copyOfRange(ramp, 3, 48)), ContentHash.of(ramp, 3, 45));
    }

    @Test
    void dedupStoresEachContentOnceAndTheReaderResolvesRepeats() throws IOException {
        byte[] page = new byte[4096];
        Arrays.fill(page, (byte) 0x5a);
        MemoryDedup dedup = new MemoryDedup();
        List<TraceEvent> rows = List.of(dedup.memoryRow(1, 0, 0, 3, 0x1000, page),
                dedup.memoryRow(2, 0, 0, 3, 0x2000, page.clone()),
                dedup.memoryRow(3, 0, 0, 4, 0x3000, new byte[]{1}));
        assertTrue(rows.get(0).payload() != null);
        assertNull(rows.get(1).payload(), "same content: only the hash");
        assertEquals(rows.get(0).contentHash(), rows.get(1).contentHash());
        assertEquals(4096L, rows.get(1).fields().size());

        Path file = dir.resolve("mem.arrows");
        TraceRoundTripTest.write(file, TraceMetadata.of("generator"), rows);
        MemoryContent content = new MemoryContent(file);
        try (TraceReader r = TraceReader.open(file)) {
            while (r.hasNext()) {
                TraceEvent e = r.next();
                content.accept(e);
                Optional<byte[]> bytes = content.bytesOf(e);
                assertTrue(bytes.isPresent(), "row " + e.seq());
                assertEquals(e.fields().size().intValue(), bytes.get().length);
            }
        }
        assertArrayEquals(page, content.bytesOf(rows.get(1)).orElseThrow());
        assertEquals(2, content.size());
    }

    @Test
    void bytesThatDoNotMatchTheirHashAreCorrupt() {
        MemoryContent content = new MemoryContent(dir.resolve("x.arrows"));
        TraceEvent forged = TraceEvent.memory(1, 0, 0, 1, List.of(new GuestRange(0, 2)), new byte[]{1, 2}, 42L, true);
        TraceFileException e = assertThrows(TraceFileException.class, () -> content.accept(forged));
        assertEquals(TraceFileException.Kind.CORRUPT, e.kind());
        assertFalse(content.bytesOf(TraceEvent.memory(2, 0, 0, 1, List.of(new GuestRange(0, 2)), new byte[2], 42L, false)).isPresent());
    }
}
