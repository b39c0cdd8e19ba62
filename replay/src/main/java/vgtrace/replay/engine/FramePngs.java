package vgtrace.replay.engine;

import vgtrace.replay.Completion;
import vgtrace.replay.Output;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes every frame a replay produces as {@code DIR/frame-<seq>-scanout<N>.png} (seq of the
 * flush in the replayed trace's source). Pixels are read as B8G8R8A8/X8 (the virtio-gpu console
 * formats); alpha is dropped, as a scanout ignores it.
 */
public final class FramePngs implements ReplayListener {

    private final Path dir;
    private int written;

    public FramePngs(Path dir) throws IOException {
        this.dir = Files.createDirectories(dir);
    }

    @Override
    public void completed(Step step, Completion completion, long tsNs) throws IOException {
        for (Output o : completion.outputs()) {
            if (!(o instanceof Output.Frame f)) continue;
            int w = f.rect().width(), h = f.rect().height();
            if (w <= 0 || h <= 0 || (long) w * h * 4 != f.bytes().length) continue;
            BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
            byte[] p = f.bytes();
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int i = (y * w + x) * 4;
                    image.setRGB(x, y, (p[i + 2] & 0xff) << 16 | (p[i + 1] & 0xff) << 8 | (p[i] & 0xff));
                }
            }
            ImageIO.write(image, "png", dir.resolve("frame-" + step.seq() + "-scanout" + f.scanoutId() + ".png").toFile());
            written++;
        }
    }

    public int written() {
        return written;
    }
}
