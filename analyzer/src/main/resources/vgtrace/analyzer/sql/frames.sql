-- Module frames: what reached a display: RESOURCE_FLUSH and SET_SCANOUT(_BLOB) commands that
-- succeeded, and DISPLAY rows (what the backend showed, when the capture saw it).

CREATE VIEW frames AS
SELECT
  *,
  -- Time since the previous frame event of the same source and scanout.
  ts_ns - lag(ts_ns) OVER (PARTITION BY source, scanout_id ORDER BY ts_ns, seq) AS interval_ns
FROM (
  SELECT
    -- Row seq and time.
    c.seq,
    c.ts_ns,
    -- RESOURCE_FLUSH, SET_SCANOUT, SET_SCANOUT_BLOB or DISPLAY.
    CASE c.type WHEN ${RESOURCE_FLUSH} THEN 'RESOURCE_FLUSH' WHEN ${SET_SCANOUT} THEN 'SET_SCANOUT'
         ELSE 'SET_SCANOUT_BLOB' END AS source,
    -- Scanout (null for a flush, which names only the resource).
    c.scanout_id,
    -- Resource shown or flushed.
    c.resource_id,
    -- Rectangle.
    c.x, c.y, c.width, c.height,
    -- Content hash of the DISPLAY pixels; null for commands.
    NULL::BIGINT AS content_hash
  FROM _commands c
  WHERE c.type IN (${RESOURCE_FLUSH}, ${SET_SCANOUT}, ${SET_SCANOUT_BLOB}) AND NOT c.is_error
  UNION ALL
  SELECT seq, ts_ns, 'DISPLAY', scanout_id, resource_id, x, y, width, height, content_hash
  FROM messages_raw
  WHERE kind = 'DISPLAY'
);
