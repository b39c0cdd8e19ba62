-- Module rings: one row per fence timeline (see module fences for what a timeline is); a table,
-- built once at load.

CREATE TABLE rings AS
SELECT
  -- Timeline name: 'global', 'ctx C ring R' or 'ctx C ring ?'.
  timeline,
  -- Its context (null for the global timeline) and ring (null when none or not seen).
  timeline_ctx AS ctx_id,
  ring_idx,
  -- Fenced commands on the timeline.
  count(*) AS fences,
  -- Fences whose own response came back.
  count(*) FILTER (signalled) AS signalled,
  -- Fences that never got a response.
  count(*) FILTER (NOT signalled) AS unsignalled,
  -- Fences never retired at all: no response from them or any later fence on the timeline.
  count(*) FILTER (retired_ts IS NULL) AS never_retired,
  -- Fences retired by a later fence before their own response.
  count(*) FILTER (retired_early) AS retired_early,
  -- Fences that signalled before a lower fence on the same timeline.
  count(*) FILTER (in_order = false) AS out_of_order,
  -- Latency of signalled fences (submit to own response), in ns, rounded to whole ns.
  round(quantile_cont(latency_ns, 0.5))::BIGINT AS p50_latency_ns,
  round(quantile_cont(latency_ns, 0.99))::BIGINT AS p99_latency_ns,
  max(latency_ns) AS max_latency_ns,
  -- Longest time between two consecutive submits: the ring sat idle (or the guest stalled).
  max(submit_gap_ns) AS max_submit_gap_ns,
  -- First and last submit.
  min(submit_ts) AS first_submit_ts,
  max(submit_ts) AS last_submit_ts
FROM (
  SELECT *, submit_ts - lag(submit_ts) OVER (PARTITION BY timeline ORDER BY submit_ts, seq) AS submit_gap_ns
  FROM fences
)
GROUP BY timeline, timeline_ctx, ring_idx
ORDER BY timeline_ctx NULLS FIRST, ring_idx NULLS FIRST;
