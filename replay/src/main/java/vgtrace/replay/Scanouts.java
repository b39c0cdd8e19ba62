package vgtrace.replay;

import vgtrace.core.protocol.DisplayMode;
import vgtrace.core.protocol.Rect;

import java.util.ArrayList;
import java.util.List;

/**
 * The offscreen display: the configured outputs (what GET_DISPLAY_INFO reports) and which resource
 * each scanout shows, in which rectangle. Backend-neutral state; frames are read by the backend.
 */
final class Scanouts {

    /** QEMU's default single output. */
    static final DisplayMode DEFAULT_MODE = new DisplayMode(new Rect(0, 0, 1280, 800), 1, 0);

    record Shown(int resourceId, Rect rect) {}

    private final List<DisplayMode> modes;
    private final Shown[] shown;

    Scanouts(List<DisplayMode> modes) {
        if (modes.isEmpty() || modes.size() > 16) throw new IllegalArgumentException("1..16 outputs, got " + modes.size());
        this.modes = List.copyOf(modes);
        this.shown = new Shown[modes.size()];
    }

    List<DisplayMode> modes() {
        return modes;
    }

    int count() {
        return shown.length;
    }

    boolean valid(int scanoutId) {
        return scanoutId >= 0 && scanoutId < shown.length;
    }

    void show(int scanoutId, int resourceId, Rect rect) {
        shown[scanoutId] = resourceId == 0 ? null : new Shown(resourceId, rect);
    }

    /** The scanouts showing {@code resourceId}, by scanout id. */
    List<Integer> showing(int resourceId) {
        List<Integer> ids = new ArrayList<>();
        for (int i = 0; i < shown.length; i++) {
            if (shown[i] != null && shown[i].resourceId() == resourceId) ids.add(i);
        }
        return ids;
    }

    Shown shown(int scanoutId) {
        return shown[scanoutId];
    }

    /**
     * QEMU's scanout bounds rule: the rectangle lies inside the resource and is at least 16x16.
     * Unsigned wire values: a negative int is a huge u32 and fails.
     */
    static boolean inBounds(Rect r, int width, int height) {
        long x = Integer.toUnsignedLong(r.x()), y = Integer.toUnsignedLong(r.y());
        long w = Integer.toUnsignedLong(r.width()), h = Integer.toUnsignedLong(r.height());
        long fw = Integer.toUnsignedLong(width), fh = Integer.toUnsignedLong(height);
        return w >= 16 && h >= 16 && x + w <= fw && y + h <= fh;
    }

    /**
     * The part of {@code flushed} inside {@code shown} (both in resource coordinates, unsigned), or an
     * empty rectangle at 0,0 when they do not meet.
     */
    static Rect intersection(Rect shown, Rect flushed) {
        long x1 = Math.max(Integer.toUnsignedLong(shown.x()), Integer.toUnsignedLong(flushed.x()));
        long y1 = Math.max(Integer.toUnsignedLong(shown.y()), Integer.toUnsignedLong(flushed.y()));
        long x2 = Math.min(end(shown.x(), shown.width()), end(flushed.x(), flushed.width()));
        long y2 = Math.min(end(shown.y(), shown.height()), end(flushed.y(), flushed.height()));
        if (x2 <= x1 || y2 <= y1) return new Rect(0, 0, 0, 0);
        return new Rect((int) x1, (int) y1, (int) (x2 - x1), (int) (y2 - y1));
    }

    private static long end(int start, int length) {
        return Integer.toUnsignedLong(start) + Integer.toUnsignedLong(length);
    }
}
