-- Module fences: fenced commands per timeline, and their retirement.
-- virtio-gpu spec: with INFO_RING_IDX, fence_id is a sequence number on the (ctx_id, ring_idx)
-- timeline, and when a fenced command completes the device responds to all outstanding commands
-- with fence_id <= its fence_id on that timeline: a later fence's response retires earlier fences
-- that have not signalled yet. Fences sent without INFO_RING_IDX share one device-wide timeline
-- (timeline_ctx and ring_idx null). A ring that was sent but not seen (stock tracepoint imports)
-- leaves ring_idx null with timeline_ctx set: one timeline per context, so order checks there mix
-- that context's rings.

-- Fenced commands with their own response.
CREATE VIEW _fence_signals AS
SELECT seq, ts_ns AS submit_ts, type_name, ctx_id, ring_idx,
       CASE WHEN flags & 2 = 2 THEN ctx_id END AS timeline_ctx, fence_id, response_seq,
       response_ts_ns AS signal_ts, is_error
FROM commands
WHERE fenced;

-- Each fence with the first signal on its timeline from a fence with an id >= its own.
CREATE VIEW _fence_retirement AS
SELECT *,
  min(signal_ts) OVER later AS retired_ts,
  arg_min(seq, signal_ts) OVER later AS retired_by_seq,
  max(signal_ts) OVER earlier AS earlier_max_signal_ts
FROM _fence_signals
WINDOW later AS (PARTITION BY timeline_ctx, ring_idx ORDER BY fence_id DESC, seq DESC
                 ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW),
       earlier AS (PARTITION BY timeline_ctx, ring_idx ORDER BY fence_id, seq
                   ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING);

-- How many other fences each fence's signal retired.
CREATE VIEW _fence_retired_counts AS
SELECT retired_by_seq, count(*) - 1 AS retired_count
FROM _fence_retirement
WHERE retired_by_seq IS NOT NULL
GROUP BY retired_by_seq;

-- One row per fenced command (a table, built once at load).
CREATE TABLE fences AS
SELECT
  -- Command row seq.
  f.seq,
  -- Command type name (usually SUBMIT_3D).
  f.type_name,
  -- Context of the command.
  f.ctx_id,
  -- Timeline: 'global' (no INFO_RING_IDX), 'ctx C ring R', or 'ctx C ring ?' (ring not seen).
  CASE WHEN f.timeline_ctx IS NULL THEN 'global'
       ELSE 'ctx ' || f.timeline_ctx || ' ring ' || coalesce(f.ring_idx::VARCHAR, '?') END AS timeline,
  -- The timeline's context (null on the global timeline) and ring (null when none or not seen).
  f.timeline_ctx,
  f.ring_idx,
  -- Header fence_id (the Linux driver numbers fences device-wide, so ids are sparse per timeline).
  f.fence_id,
  -- When the command was queued.
  f.submit_ts,
  -- When its own response arrived; null if it never did.
  f.signal_ts,
  -- signal_ts - submit_ts.
  f.signal_ts - f.submit_ts AS latency_ns,
  -- Its response came back.
  f.signal_ts IS NOT NULL AS signalled,
  -- The response is an error.
  f.is_error,
  -- Earliest signal of this or a later fence on the timeline: when the spec says it was retired.
  f.retired_ts,
  -- retired_ts - submit_ts.
  f.retired_ts - f.submit_ts AS retire_latency_ns,
  -- The fence whose signal retired it (itself when it signalled first).
  f.retired_by_seq,
  -- A later fence retired it before its own response came (or it never had one).
  f.retired_by_seq IS NOT NULL AND f.retired_by_seq <> f.seq AS retired_early,
  -- How many earlier fences this fence's signal retired besides itself.
  coalesce(c.retired_count, 0) AS retired_count,
  -- It signalled no earlier than every lower fence on its timeline; false means it overtook one.
  -- Null when it never signalled.
  CASE WHEN f.signal_ts IS NULL THEN NULL
       ELSE f.earlier_max_signal_ts IS NULL OR f.signal_ts >= f.earlier_max_signal_ts END AS in_order
FROM _fence_retirement f
LEFT JOIN _fence_retired_counts c ON c.retired_by_seq = f.seq
ORDER BY f.seq;
