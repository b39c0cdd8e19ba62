package vgtrace.ui;

import javafx.scene.paint.Color;
import vgtrace.core.protocol.CtrlType;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The colour of a command tick by its type: a hue per family (2D blue, 3D green to orange, cursor
 * violet), shifted within the family so neighbouring types differ; undefined types are grey.
 */
public final class TypeColors {

    private TypeColors() {
    }

    /** Colours by type code, computed once each: the renderer asks for one per bucket. */
    private static final Map<Integer, Color> CACHE = new ConcurrentHashMap<>();

    public static Color of(int type) {
        return CACHE.computeIfAbsent(type, t -> CtrlType.of(t).map(TypeColors::of).orElse(Color.GRAY));
    }

    private static Color of(CtrlType t) {
        int step = t.code() & 0xff;
        return switch (t.kind()) {
            case COMMAND_2D -> Color.hsb(200 + step * 5 % 40, 0.75, 0.80);
            case COMMAND_3D -> t == CtrlType.SUBMIT_3D ? Color.hsb(140, 0.70, 0.65) : Color.hsb(25 + step * 9 % 60, 0.80, 0.90);
            case CURSOR -> Color.hsb(285, 0.55, 0.80);
            case RESPONSE_OK -> Color.hsb(100, 0.4, 0.7);
            case RESPONSE_ERR -> Color.hsb(0, 0.85, 0.85);
        };
    }
}
