-- Module signals: the device's own fence signals, one row per FENCE row (a QEMU shim capture records
-- them from virglrenderer's write_fence / write_context_fence callbacks; other sources have none).
-- A signal with INFO_RING_IDX is on the (ctx_id, ring_idx) timeline, one without on the device-wide
-- one, named as in fences. A signal completes every fence of its timeline up to its fence_id.
CREATE VIEW signals AS
SELECT
  -- The FENCE row.
  seq,
  -- When virglrenderer signalled.
  ts_ns,
  -- 'global' (context-0 fences of the device-wide timeline) or 'ctx C ring R'.
  CASE WHEN flags & 2 = 2 THEN 'ctx ' || ctx_id || ' ring ' || ring_idx ELSE 'global' END AS timeline,
  -- The timeline's context; null on the device-wide timeline.
  CASE WHEN flags & 2 = 2 THEN ctx_id END AS timeline_ctx,
  ring_idx,
  -- The fence id signalled: every fence of the timeline up to it is complete.
  fence_id,
  -- The fence id of the timeline's previous signal; null for its first.
  lag(fence_id) OVER timeline AS previous_fence_id,
  -- Time since the timeline's previous signal; null for its first.
  ts_ns - lag(ts_ns) OVER timeline AS gap_ns
FROM messages
WHERE kind = 'FENCE'
WINDOW timeline AS (PARTITION BY flags & 2, CASE WHEN flags & 2 = 2 THEN ctx_id END, ring_idx ORDER BY seq)
ORDER BY seq;
