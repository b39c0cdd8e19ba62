-- Module messages: every trace row with its message type named.
-- Depends on messages_raw (the trace, loaded as is) and ctrl_types (built from the Java CtrlType enum).

-- One row per trace row: the trace's columns (docs/trace-format.md) plus names.
CREATE VIEW messages AS
SELECT
  m.*,
  -- Type name (SUBMIT_3D, RESP_OK_NODATA...), '0x...' for a type the protocol does not define;
  -- null on rows without a header.
  CASE WHEN m.type IS NULL THEN NULL
       ELSE coalesce(t.name, printf('0x%x', m.type::BIGINT & 4294967295)) END AS type_name,
  -- Protocol family: COMMAND_2D, COMMAND_3D, CURSOR, RESPONSE_OK, RESPONSE_ERR; null when undefined.
  t.kind AS type_kind,
  -- The FENCE flag (bit 0) is set.
  (m.flags & 1) = 1 AS fenced
FROM messages_raw m
LEFT JOIN ctrl_types t ON t.code = m.type;
