package vgtrace.ui.data;

import vgtrace.analyzer.SqlModules;

import java.util.List;

/** A ready-made question over the analyzer's views, one click away in the SQL console. */
public record CannedQuery(String title, String sql) {

    /** Each of the analyzer's canned views as it stands ({@code vgtrace query --view NAME}). */
    public static List<CannedQuery> views() {
        return SqlModules.MODULES.stream().map(v -> new CannedQuery(v, "SELECT * FROM " + v)).toList();
    }

    /** Questions that combine the views. */
    public static final List<CannedQuery> ALL = List.of(
            new CannedQuery("Commands per type", """
                    SELECT type_name, commands, errors, round(p50_latency_ns / 1e3, 1) AS p50_us,
                           round(p99_latency_ns / 1e3, 1) AS p99_us
                    FROM type_stats ORDER BY commands DESC"""),
            new CannedQuery("Fence latency per ring", """
                    SELECT timeline, fences, unsignalled, round(p50_latency_ns / 1e3, 1) AS p50_us,
                           round(p99_latency_ns / 1e3, 1) AS p99_us
                    FROM rings ORDER BY ctx_id NULLS FIRST, ring_idx NULLS FIRST"""),
            new CannedQuery("Errors", """
                    SELECT error, command, count(*) AS n FROM errors GROUP BY ALL ORDER BY n DESC"""),
            new CannedQuery("Leaked blobs", """
                    SELECT resource_id, ctx_id, mem_type, size, round(lifetime_ns / 1e6, 3) AS lifetime_ms
                    FROM blobs WHERE alive_at_end ORDER BY size DESC"""),
            new CannedQuery("Longest mapped blobs", """
                    SELECT resource_id, mem_type, map_cache, size, round(mapped_ns / 1e6, 3) AS mapped_ms
                    FROM blobs WHERE mapped_ns IS NOT NULL ORDER BY mapped_ns DESC LIMIT 50"""),
            new CannedQuery("Slowest fences", """
                    SELECT seq, ctx_id, ring_idx, fence_id, round(latency_ns / 1e3, 1) AS latency_us
                    FROM fences WHERE signalled ORDER BY latency_ns DESC LIMIT 50"""),
            new CannedQuery("Contexts", """
                    SELECT ctx_id, capset, submits, fenced, errors, attached_resources, alive_at_end
                    FROM contexts ORDER BY create_seq"""));
}
