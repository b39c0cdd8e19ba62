package vgtrace.analyzer;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.List;

/** What the report's charts share: canvas, fonts, palette, number format. */
final class ChartStyle {

    static final int TOP = 44;
    static final int BOTTOM = 44;
    static final Color TEXT = new Color(0x22, 0x22, 0x22);
    static final Color AXIS = new Color(0x88, 0x88, 0x88);
    /** A colour-blind-safe palette (Okabe-Ito). */
    private static final Color[] PALETTE = {new Color(0x00, 0x72, 0xB2), new Color(0xE6, 0x9F, 0x00),
            new Color(0xD5, 0x5E, 0x00), new Color(0x00, 0x9E, 0x73), new Color(0xCC, 0x79, 0xA7),
            new Color(0x56, 0xB4, 0xE9)};

    private ChartStyle() {
    }

    static BufferedImage canvas(int width, int height) {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.dispose();
        return img;
    }

    static void setUp(Graphics2D g) {
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
    }

    static void title(Graphics2D g, String title, int width) {
        Font normal = g.getFont();
        g.setFont(normal.deriveFont(Font.BOLD, 15f));
        g.setColor(TEXT);
        g.drawString(title, 10, 24);
        g.setFont(normal);
    }

    static Color color(int i) {
        return PALETTE[i % PALETTE.length];
    }

    static void legend(Graphics2D g, List<String> names, int x, int y) {
        if (names.size() < 2) return;
        for (int i = 0; i < names.size(); i++) {
            g.setColor(color(i));
            g.fillRect(x + i * 110, y - 10, 12, 12);
            g.setColor(TEXT);
            g.drawString(names.get(i), x + i * 110 + 16, y);
        }
    }

    /** Cuts {@code s} with an ellipsis to fit {@code width} pixels. */
    static String fit(Graphics2D g, String s, int width) {
        FontMetrics m = g.getFontMetrics();
        if (m.stringWidth(s) <= width) return s;
        String t = s;
        while (!t.isEmpty() && m.stringWidth(t + "...") > width) t = t.substring(0, t.length() - 1);
        return t + "...";
    }

    /** Compact numbers: 950, 12.3k, 4.5M, 1.2G. */
    static String number(double v) {
        double a = Math.abs(v);
        if (a >= 1e9) return String.format("%.1fG", v / 1e9);
        if (a >= 1e6) return String.format("%.1fM", v / 1e6);
        if (a >= 1e4) return String.format("%.1fk", v / 1e3);
        if (a == Math.rint(a)) return String.format("%.0f", v);
        return String.format("%.2f", v);
    }
}
