package vgtrace.ui.timeline;

import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import javafx.scene.paint.Color;

import java.util.Arrays;

/**
 * The timeline's plot painted into an int ARGB array and handed to the canvas as one image. A zoomed
 * out frame has tens of thousands of buckets; as canvas calls each would be a command for the
 * rasterizer (40 ms for 35k on this machine), as pixels they cost a few array writes each. Shapes are
 * clipped to the raster; colours are opaque, alpha is blended here.
 */
final class PlotRaster {

    private int width;
    private int height;
    private int[] pixels = new int[0];
    private WritableImage image;

    /** Resizes (reusing the arrays when the size is unchanged) and fills with {@code argb}. */
    void reset(int w, int h, int argb) {
        w = Math.max(1, w);
        h = Math.max(1, h);
        if (w != width || h != height) {
            width = w;
            height = h;
            pixels = new int[w * h];
            image = new WritableImage(w, h);
        }
        Arrays.fill(pixels, argb);
    }

    int width() {
        return width;
    }

    int height() {
        return height;
    }

    int pixel(int x, int y) {
        return pixels[y * width + x];
    }

    void fillRect(int x, int y, int w, int h, int argb) {
        int x0 = Math.max(0, x);
        int y0 = Math.max(0, y);
        int x1 = Math.min(width, x + w);
        int y1 = Math.min(height, y + h);
        for (int row = y0; row < y1; row++) Arrays.fill(pixels, row * width + x0, Math.max(row * width + x0, row * width + x1), argb);
    }

    /** Paints {@code argb} at {@code alpha} (0..1) over what is there. */
    void blendRect(int x, int y, int w, int h, int argb, double alpha) {
        int x0 = Math.max(0, x);
        int y0 = Math.max(0, y);
        int x1 = Math.min(width, x + w);
        int y1 = Math.min(height, y + h);
        int a = (int) Math.round(Math.clamp(alpha, 0, 1) * 256);
        for (int row = y0; row < y1; row++) {
            for (int i = row * width + x0, end = row * width + x1; i < end; i++) pixels[i] = blend(pixels[i], argb, a);
        }
    }

    void strokeRect(int x, int y, int w, int h, int thickness, int argb) {
        fillRect(x, y, w, thickness, argb);
        fillRect(x, y + h - thickness, w, thickness, argb);
        fillRect(x, y, thickness, h, argb);
        fillRect(x + w - thickness, y, thickness, h, argb);
    }

    /** A small downward triangle with its top edge at {@code top}, centred on {@code cx}. */
    void triangleDown(int cx, int top, int size, int argb) {
        for (int i = 0; i < size; i++) fillRect(cx - (size - i), top + i, 2 * (size - i) + 1, 1, argb);
    }

    /** The pixels as an image, valid until the next {@link #reset}. */
    WritableImage image() {
        image.getPixelWriter().setPixels(0, 0, width, height, PixelFormat.getIntArgbInstance(), pixels, 0, width);
        return image;
    }

    static int argb(Color c) {
        return 0xff000000 | (int) Math.round(c.getRed() * 255) << 16 | (int) Math.round(c.getGreen() * 255) << 8
                | (int) Math.round(c.getBlue() * 255);
    }

    private static int blend(int under, int over, int a) {
        int r = ((over >> 16 & 0xff) * a + (under >> 16 & 0xff) * (256 - a)) >> 8;
        int g = ((over >> 8 & 0xff) * a + (under >> 8 & 0xff) * (256 - a)) >> 8;
        int b = ((over & 0xff) * a + (under & 0xff) * (256 - a)) >> 8;
        return 0xff000000 | r << 16 | g << 8 | b;
    }
}
