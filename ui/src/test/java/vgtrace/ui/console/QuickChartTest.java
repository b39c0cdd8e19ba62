package vgtrace.ui.console;

import org.junit.jupiter.api.Test;
import vgtrace.ui.data.QueryResult;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class QuickChartTest {

    @Test
    void barsOfTheFirstNumberLabelledByTheFirstText() {
        QueryResult r = new QueryResult(List.of("ctx_id", "type_name", "commands"), List.of(
                Arrays.asList(2, "SUBMIT_3D", 90L), Arrays.asList(2, "SUBMIT_3D", 10L), Arrays.asList(3, "CTX_CREATE", null)),
                false, 0);
        var series = QuickChart.series(r, 30).orElseThrow();
        assertEquals("commands", series.getName(), "ids are not charted");
        assertEquals(3, series.getData().size());
        assertEquals("SUBMIT_3D", series.getData().get(0).getXValue());
        assertEquals("SUBMIT_3D #2", series.getData().get(1).getXValue(), "equal labels stay apart");
        assertEquals(0, series.getData().get(2).getYValue().intValue(), "null is drawn as 0");
    }

    @Test
    void noChartWithoutNumbersAndAtMostMaxBars() {
        assertTrue(QuickChart.series(new QueryResult(List.of("a"), List.of(List.of("x")), false, 0), 5).isEmpty());
        List<List<Object>> rows = java.util.stream.IntStream.range(0, 50).mapToObj(i -> List.<Object>of((long) i)).toList();
        assertEquals(5, QuickChart.series(new QueryResult(List.of("n"), rows, false, 0), 5).orElseThrow().getData().size());
    }
}
