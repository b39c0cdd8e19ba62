-- Module commands: each command with the response the trace paired with it.
-- A table, built once at load: most other modules start from it.

-- One row per COMMAND row.
CREATE TABLE commands AS
SELECT
  -- Command row seq.
  c.seq,
  -- When the driver queued it.
  c.ts_ns,
  -- Virtqueue: 0 control, 1 cursor.
  c.queue,
  -- Command type name.
  c.type_name,
  -- Command family (COMMAND_2D, COMMAND_3D, CURSOR; null for an undefined type).
  c.type_kind,
  -- Header flags, fence id, context and ring (ring null unless known).
  c.flags,
  c.fenced,
  c.fence_id,
  c.ctx_id,
  c.ring_idx,
  -- Decoded command fields (docs/trace-format.md); null when the command has no such field or the
  -- source did not decode it (tracepoint imports).
  c.resource_id,
  c.scanout_id,
  c.format,
  c.x,
  c.y,
  c.width,
  c.height,
  c.offset,
  c.size,
  c.blob_mem,
  c.blob_flags,
  c.blob_id,
  c.context_init,
  -- Response row seq; null when no response was recorded (cursor queue, unanswered, lost).
  r.seq AS response_seq,
  -- When the response arrived.
  r.ts_ns AS response_ts_ns,
  -- Response type name (RESP_OK_NODATA, RESP_ERR_INVALID_RESOURCE_ID...).
  r.type_name AS response_type,
  -- Response time minus command time; includes the GPU work for fenced commands.
  r.ts_ns - c.ts_ns AS latency_ns,
  -- How the response was matched to this command: CAPTURE, SEQNO, FENCE, ORDER.
  r.pairing,
  -- The response is an error (RESP_ERR_*).
  coalesce(r.type_kind = 'RESPONSE_ERR', false) AS is_error,
  -- map_info of a RESP_OK_MAP_INFO (cache type in the low 4 bits).
  r.map_info
FROM messages c
LEFT JOIN messages r ON r.kind = 'RESPONSE' AND r.pair_seq = c.seq
WHERE c.kind = 'COMMAND'
ORDER BY c.seq;
