SELECT fence_id, ctx_id, ring_idx, latency_ns, retired_ts, retired_early, retired_count, in_order
FROM fences ORDER BY fence_id
