-- Module fences: fenced commands per timeline, and their retirement.
-- virtio-gpu spec: with INFO_RING_IDX, fence_id is a sequence number on the (ctx_id, ring_idx)
-- timeline, and when a fenced command completes the device responds to all outstanding commands
-- with fence_id <= its fence_id on that timeline: a later fence's response retires earlier fences
-- that have not signalled yet. Fences sent without INFO_RING_IDX share one device-wide timeline
-- (timeline_ctx and ring_idx null). A ring that was sent but not seen (stock tracepoint imports)
-- leaves ring_idx null with timeline_ctx set: one timeline per context, so order checks there mix
-- that context's rings.

-- The retirement itself (retired_ts, retired_by_seq, earlier_max_signal_ts, retired_count) is
-- computed by the loader in one pass per timeline into table _fence_retirement (FenceRetirement:
-- the two window functions that did it here sorted every fence twice).

-- Fenced commands with their own response and retirement.
CREATE VIEW _fence_signals AS
SELECT c.seq, c.ts_ns AS submit_ts, c.type, c.ctx_id, c.ring_idx,
       CASE WHEN c.flags & 2 = 2 THEN c.ctx_id END AS timeline_ctx, c.fence_id, c.response_seq,
       c.response_ts_ns AS signal_ts, c.is_error, r.retired_ts, r.retired_by_seq, r.earlier_max_signal_ts,
       r.retired_count
FROM _commands c
JOIN _fence_retirement r ON r.seq = c.seq;

-- One row per fenced command (a table, built once at load).
CREATE TABLE fences AS
SELECT
  -- Command row seq.
  f.seq,
  -- Command type name (usually SUBMIT_3D).
  type_name_of(f.type, t.name) AS type_name,
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
  f.retired_count,
  -- It signalled no earlier than every lower fence on its timeline; false means it overtook one.
  -- Null when it never signalled.
  CASE WHEN f.signal_ts IS NULL THEN NULL
       ELSE f.earlier_max_signal_ts IS NULL OR f.signal_ts >= f.earlier_max_signal_ts END AS in_order
FROM _fence_signals f
LEFT JOIN ctrl_types t ON t.code = f.type
ORDER BY f.seq;
