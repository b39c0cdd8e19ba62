-- Module commands: each command with the response the trace paired with it.
-- The loader pairs them in one pass over the trace and stores the response's seq, time, type code,
-- pairing and map_info on the COMMAND row (columns response_* of _rows_paired), so this view joins
-- nothing but names.
-- Modules that scan every command use _commands, which has type codes instead of names: filtering
-- on ${NAME} codes there is several times faster than on names here.

-- One row per COMMAND row, with type codes: the columns of commands, type and response_code
-- instead of the names, and the seq of the create that made the context and the resource the
-- command names (the loader's, FirstPass: the latest successful create of the id before it), and the
-- bytes of the MEMORY rows that name the command.
CREATE VIEW _commands AS
SELECT seq, ts_ns, queue, type, flags, (flags & 1) = 1 AS fenced, fence_id, ctx_id, ring_idx,
       resource_id, scanout_id, format, x, y, width, height, "offset", size, blob_mem, blob_flags, blob_id,
       context_init, response_seq, response_ts_ns, response_code, response_ts_ns - ts_ns AS latency_ns,
       response_pairing AS pairing, coalesce(response_code IN (${ERROR_CODES}), false) AS is_error,
       response_map_info AS map_info, ctx_create_seq, resource_create_seq, memory_bytes
FROM _rows_paired
WHERE kind = 'COMMAND';

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
  -- Response row seq; null when no response was recorded (cursor queue, unanswered, lost). When
  -- several responses name the command, the first.
  c.response_seq,
  -- When the response arrived.
  c.response_ts_ns,
  -- Response type name (RESP_OK_NODATA, RESP_ERR_INVALID_RESOURCE_ID...).
  type_name_of(c.response_code, rt.name) AS response_type,
  -- Response time minus command time; includes the GPU work for fenced commands.
  c.latency_ns,
  -- How the response was matched to this command: CAPTURE, SEQNO, FENCE, ORDER.
  c.pairing,
  -- The response is an error (RESP_ERR_*).
  c.is_error,
  -- map_info of a RESP_OK_MAP_INFO (cache type in the low 4 bits).
  c.map_info
FROM _commands c
LEFT JOIN ctrl_types t ON t.code = c.type
LEFT JOIN ctrl_types rt ON rt.code = c.response_code;
