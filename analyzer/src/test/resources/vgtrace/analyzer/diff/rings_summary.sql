SELECT timeline, ctx_id, ring_idx, fences, signalled, unsignalled, retired_early, out_of_order, max_latency_ns FROM rings
