-- Module errors: each error response with the command that caused it.

-- Error responses the trace could not pair with a command.
CREATE VIEW _unpaired_errors AS
SELECT r.seq, r.ts_ns, r.type_name, r.pairing, r.ctx_id, r.fence_id
FROM messages r
LEFT JOIN commands c ON c.seq = r.pair_seq
WHERE r.kind = 'RESPONSE' AND r.type_kind = 'RESPONSE_ERR' AND c.seq IS NULL;

CREATE VIEW errors AS
SELECT
  -- Error response row seq and time.
  response_seq,
  response_ts_ns AS ts_ns,
  -- Error type: RESP_ERR_UNSPEC, RESP_ERR_OUT_OF_MEMORY, RESP_ERR_INVALID_*.
  response_type AS error,
  -- How the response was paired with its command.
  pairing,
  -- The command: seq (null when unpaired), type, context, resource, scanout, fence.
  seq AS command_seq,
  type_name AS command,
  ctx_id,
  resource_id,
  scanout_id,
  fence_id,
  -- Response time minus command time.
  latency_ns
FROM commands
WHERE is_error
UNION ALL
SELECT seq, ts_ns, type_name, pairing, NULL, NULL, ctx_id, NULL, NULL, fence_id, NULL
FROM _unpaired_errors;
