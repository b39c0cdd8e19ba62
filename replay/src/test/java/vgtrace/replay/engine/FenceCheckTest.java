package vgtrace.replay.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import vgtrace.replay.virgl.FenceSignal;

import java.util.List;
import java.util.Map;

/** Signals against captured ones: merges either way are fine, order and unsignalled fences are not. */
class FenceCheckTest {

    private static FenceKey ring(int ctx, int ring, long id) {
        return new FenceKey(FenceSignal.Timeline.CONTEXT, ctx, ring, id);
    }

    private static FenceKey global(long id) {
        return new FenceKey(FenceSignal.Timeline.GLOBAL, 0, 0, id);
    }

    private static final Map<FenceKey, List<Long>> CAPTURED = Map.of(
            global(0), List.of(1L, 2L, 5L, 9L), ring(3, 0, 0), List.of(3L, 11L));

    @Test
    void signalsTheCaptureMadeOrMergedPassWhateverTheReplayMerges() {
        FenceCheck check = new FenceCheck(CAPTURED);
        for (FenceKey s : List.of(global(2), global(4), global(5), ring(3, 0, 3), global(9), ring(3, 0, 11))) {
            assertTrue(check.accept(s).isEmpty(), s::describe);
        }
        assertEquals(6, check.checked());
    }

    @Test
    void aSignalOutOfCapturedOrderOrTwiceIsAProblem() {
        FenceCheck check = new FenceCheck(CAPTURED);
        assertTrue(check.accept(global(5)).isEmpty());
        assertEquals("global timeline fence 2 signalled before fence 5", check.accept(global(2)).orElseThrow().expected());
        assertEquals("global timeline fence 5 signalled again", check.accept(global(5)).orElseThrow().actual());
    }

    @Test
    void aFenceNothingCapturedCoversMustStayUnsignalled() {
        FenceCheck check = new FenceCheck(CAPTURED);
        var ring3 = check.accept(ring(3, 3, 12)).orElseThrow();
        assertEquals("ctx 3 ring 3 fence 12 never signalled", ring3.expected());
        assertTrue(check.accept(ring(3, 0, 12)).isPresent(), "past the last captured signal of ring 0");
    }
}
