package vgtrace.ui;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RecentFilesTest {

    @TempDir
    Path dir;

    @Test
    void newestFirstWithoutDuplicatesAndBounded() {
        RecentFiles recent = new RecentFiles(dir.resolve("config/vgtrace/recent-traces"));
        assertEquals(List.of(), recent.list(), "no file yet");
        IntStream.range(0, 15).forEach(i -> assertTrue(recent.add(dir.resolve("t" + i + ".arrows"))));
        recent.add(dir.resolve("t3.arrows"));
        List<Path> list = recent.list();
        assertEquals(RecentFiles.KEPT, list.size());
        assertEquals(dir.resolve("t3.arrows"), list.getFirst());
        assertEquals(dir.resolve("t14.arrows"), list.get(1));
        assertEquals(list.size(), list.stream().distinct().count());
    }

    @Test
    void anUnwritablePlaceIsNotAnError() throws Exception {
        Path blocker = dir.resolve("file");
        Files.writeString(blocker, "x");
        RecentFiles recent = new RecentFiles(blocker.resolve("sub/recent"));
        assertFalse(recent.add(dir.resolve("a.arrows")));
        assertEquals(List.of(), recent.list());
    }
}
