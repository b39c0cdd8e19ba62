package vgtrace.ui;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxToolkit;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeoutException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every view of a real sample trace renders headless to a PNG with real content on it. */
class SnapshotTest {

    @TempDir
    Path dir;

    @BeforeAll
    static void toolkit() throws TimeoutException {
        FxToolkit.registerPrimaryStage();
    }

    @Test
    void everyViewOfASampleRendersToAPictureWithContent() throws Exception {
        Path out = Path.of(System.getProperty("vgtrace.snapshot.dir", dir.toString()));
        List<Path> files = Snapshots.render(TestTraces.sample("blob-guest.arrows"), out, Theme.LIGHT);
        assertEquals(TraceViews.View.values().length, files.size());
        for (Path f : files) {
            assertTrue(Files.size(f) > 5_000, f + " is " + Files.size(f) + " bytes");
            BufferedImage image = ImageIO.read(f.toFile());
            assertEquals(Snapshots.WIDTH, image.getWidth());
            assertEquals(Snapshots.HEIGHT, image.getHeight());
            assertContent(f, image);
        }
    }

    @Test
    void darkThemeRendersToo() throws Exception {
        List<Path> files = Snapshots.render(TestTraces.sample("virgl-6.12-guest.arrows"), dir, Theme.DARK);
        BufferedImage timeline = ImageIO.read(files.getFirst().toFile());
        int background = timeline.getRGB(Snapshots.WIDTH - 5, Snapshots.HEIGHT / 2) & 0xffffff;
        assertTrue(brightness(background) < 80, "dark background, was " + Integer.toHexString(background));
        assertContent(files.getFirst(), timeline);
    }

    /** Many colours, and a good share of pixels unlike the most common (background) colour. */
    private static void assertContent(Path f, BufferedImage image) {
        java.util.Map<Integer, Integer> counts = new java.util.HashMap<>();
        for (int y = 0; y < image.getHeight(); y += 2) {
            for (int x = 0; x < image.getWidth(); x += 2) counts.merge(image.getRGB(x, y), 1, Integer::sum);
        }
        int total = counts.values().stream().mapToInt(Integer::intValue).sum();
        int background = counts.values().stream().mapToInt(Integer::intValue).max().orElse(0);
        Set<Integer> colours = new HashSet<>(counts.keySet());
        assertTrue(colours.size() > 20, f + ": only " + colours.size() + " colours");
        assertTrue(total - background > total / 50, f + ": only " + (total - background) + " of " + total
                + " pixels differ from the background");
    }

    private static int brightness(int rgb) {
        return ((rgb >> 16 & 0xff) + (rgb >> 8 & 0xff) + (rgb & 0xff)) / 3;
    }
}
