-- Module messages: every trace row with its message type named.
-- Depends on messages_raw (the trace's columns, as loaded) and ctrl_types (built from the Java
-- CtrlType enum).

-- A header type's name: the protocol's (from ctrl_types), '0x...' for a type it does not define,
-- null without a header.
CREATE MACRO type_name_of(code, name) AS
  CASE WHEN code IS NULL THEN NULL ELSE coalesce(name, printf('0x%x', code::BIGINT & 4294967295)) END;

-- One row per trace row: the trace's columns (docs/trace-format.md) plus names.
CREATE VIEW messages AS
SELECT
  m.*,
  -- Type name (SUBMIT_3D, RESP_OK_NODATA...), '0x...' for a type the protocol does not define;
  -- null on rows without a header.
  type_name_of(m.type, t.name) AS type_name,
  -- Protocol family: COMMAND_2D, COMMAND_3D, CURSOR, RESPONSE_OK, RESPONSE_ERR; null when undefined.
  t.kind AS type_kind,
  -- The FENCE flag (bit 0) is set.
  (m.flags & 1) = 1 AS fenced
FROM messages_raw m
LEFT JOIN ctrl_types t ON t.code = m.type;
