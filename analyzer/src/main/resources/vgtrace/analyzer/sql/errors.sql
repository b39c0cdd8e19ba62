-- Module errors: each error response with the command that caused it.

CREATE VIEW errors AS
SELECT
  -- Error response row seq and time.
  r.seq AS response_seq,
  r.ts_ns,
  -- Error type: RESP_ERR_UNSPEC, RESP_ERR_OUT_OF_MEMORY, RESP_ERR_INVALID_*.
  r.type_name AS error,
  -- How the response was paired with its command.
  r.pairing,
  -- The command: seq (null when unpaired), type, context, resource, scanout, fence.
  c.seq AS command_seq,
  c.type_name AS command,
  c.ctx_id,
  c.resource_id,
  c.scanout_id,
  c.fence_id,
  -- Response time minus command time.
  r.ts_ns - c.ts_ns AS latency_ns
FROM messages r
LEFT JOIN messages c ON c.seq = r.pair_seq AND c.kind = 'COMMAND'
WHERE r.kind = 'RESPONSE' AND r.type_kind = 'RESPONSE_ERR';
