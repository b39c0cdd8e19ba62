-- Module commands: each command with the response the trace paired with it.
-- The pairing join is the costly part of loading: it runs once, on the raw integer columns, into
-- table _command_pairs; the view commands adds the type names.

-- One row per COMMAND row with its response's seq, time, type code, pairing and map_info.
CREATE TABLE _command_pairs AS
SELECT c.seq, c.ts_ns, c.queue, c.type, c.flags, c.fence_id, c.ctx_id, c.ring_idx,
       c.resource_id, c.scanout_id, c.format, c.x, c.y, c.width, c.height, c."offset", c.size,
       c.blob_mem, c.blob_flags, c.blob_id, c.context_init,
       r.seq AS response_seq, r.ts_ns AS response_ts_ns, r.type AS response_code, r.pairing, r.map_info
FROM messages_raw c
LEFT JOIN messages_raw r ON r.kind = 'RESPONSE' AND r.pair_seq = c.seq
WHERE c.kind = 'COMMAND'
ORDER BY c.seq;

-- One row per COMMAND row.
CREATE VIEW commands AS
SELECT
  -- Command row seq.
  c.seq,
  -- When the driver queued it.
  c.ts_ns,
  -- Virtqueue: 0 control, 1 cursor.
  c.queue,
  -- Command type name.
  type_name_of(c.type, t.name) AS type_name,
  -- Command family (COMMAND_2D, COMMAND_3D, CURSOR; null for an undefined type).
  t.kind AS type_kind,
  -- Header flags, fence id, context and ring (ring null unless known).
  c.flags,
  (c.flags & 1) = 1 AS fenced,
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
  c.response_seq,
  -- When the response arrived.
  c.response_ts_ns,
  -- Response type name (RESP_OK_NODATA, RESP_ERR_INVALID_RESOURCE_ID...).
  type_name_of(c.response_code, rt.name) AS response_type,
  -- Response time minus command time; includes the GPU work for fenced commands.
  c.response_ts_ns - c.ts_ns AS latency_ns,
  -- How the response was matched to this command: CAPTURE, SEQNO, FENCE, ORDER.
  c.pairing,
  -- The response is an error (RESP_ERR_*).
  coalesce(rt.kind = 'RESPONSE_ERR', false) AS is_error,
  -- map_info of a RESP_OK_MAP_INFO (cache type in the low 4 bits).
  c.map_info
FROM _command_pairs c
LEFT JOIN ctrl_types t ON t.code = c.type
LEFT JOIN ctrl_types rt ON rt.code = c.response_code;
