package vgtrace.ui;

import javafx.scene.paint.Color;

/**
 * Light and dark looks: a style sheet for the controls and a {@link Palette} for what the canvases
 * draw themselves.
 */
public enum Theme {
    LIGHT("light.css", new Palette(Color.web("#ffffff"), Color.web("#f3f5f8"), Color.web("#1d232b"),
            Color.web("#5c6670"), Color.web("#d5dae0"), Color.web("#7aa6d8"), Color.web("#2f6db5"),
            Color.web("#d62728"), Color.web("#e8a33c"), Color.web("#111111"), Color.web("#fff7d6"))),
    DARK("dark.css", new Palette(Color.web("#1b1e23"), Color.web("#22262c"), Color.web("#e2e6ea"),
            Color.web("#9aa4ae"), Color.web("#3a4049"), Color.web("#3f6f9f"), Color.web("#8fc1f2"),
            Color.web("#ff5c5c"), Color.web("#f0b44c"), Color.web("#ffffff"), Color.web("#3b3522")));

    private final String styleSheet;
    private final Palette palette;

    Theme(String styleSheet, Palette palette) {
        this.styleSheet = styleSheet;
        this.palette = palette;
    }

    /** The style sheet's URL for {@code Scene.getStylesheets()}. */
    public String styleSheet() {
        return Theme.class.getResource(styleSheet).toExternalForm();
    }

    public Palette palette() {
        return palette;
    }

    /**
     * Colours the canvases paint with.
     *
     * @param background  view background
     * @param laneStripe  every other lane
     * @param text        labels
     * @param muted       ruler ticks, secondary text
     * @param grid        lane separators
     * @param span        fence spans
     * @param spanEdge    fence span outlines
     * @param error       error marks, leaks, unsignalled fences
     * @param warning     long-mapped blobs
     * @param selection   the selection marker
     * @param tooltip     hover box fill
     */
    public record Palette(Color background, Color laneStripe, Color text, Color muted, Color grid, Color span,
                          Color spanEdge, Color error, Color warning, Color selection, Color tooltip) {
    }
}
