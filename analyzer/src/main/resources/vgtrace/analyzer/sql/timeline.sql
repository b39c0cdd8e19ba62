-- Module timeline: what a timeline draws, defined once (the workbench's timeline queries these views;
-- its overview of a file not loaded yet follows the same rules). A lane is a virtqueue (queue set,
-- ctx_id and ring_idx null) or a context's ring (queue null; ring_idx null when none or unknown).
-- A command is a tick on its queue's lane and, unless its context is 0, on its ring's lane too. A
-- failed command is one whose response is an error (commands.is_error). A fenced command is a span
-- on its ring's lane (context 0: the control queue's lane) from its submit to its signal, or to the
-- end of the trace when it never signalled.

-- One row per command and lane it shows on.
CREATE VIEW timeline_ticks AS
SELECT queue, NULL::INTEGER AS ctx_id, NULL::SMALLINT AS ring_idx, ts_ns AS ts, type, 1 AS n
FROM messages_raw WHERE kind = 'COMMAND' AND queue IS NOT NULL
UNION ALL
SELECT NULL::TINYINT AS queue, ctx_id, ring_idx, ts_ns AS ts, type, 1 AS n
FROM messages_raw WHERE kind = 'COMMAND' AND ctx_id <> 0;

-- One row per failed command and lane it shows on.
CREATE VIEW timeline_errors AS
SELECT queue, NULL::INTEGER AS ctx_id, NULL::SMALLINT AS ring_idx, ts_ns AS ts
FROM _commands WHERE is_error AND queue IS NOT NULL
UNION ALL
SELECT NULL::TINYINT AS queue, ctx_id, ring_idx, ts_ns AS ts
FROM _commands WHERE is_error AND ctx_id <> 0;

-- One row per fenced command: its span, with what a drawn span sums (n, longest, unsignalled, errors).
CREATE VIEW timeline_spans AS
SELECT CASE WHEN f.ctx_id = 0 THEN 0 END::TINYINT AS queue, nullif(f.ctx_id, 0) AS ctx_id,
       CASE WHEN f.ctx_id <> 0 THEN f.ring_idx END AS ring_idx, f.submit_ts,
       coalesce(f.signal_ts, e.end_ts) AS end_ts, 1 AS n, coalesce(f.signal_ts, e.end_ts) - f.submit_ts AS longest,
       (NOT f.signalled)::INTEGER AS unsignalled, f.is_error::INTEGER AS errors
FROM fences f, (SELECT max(ts_ns) AS end_ts FROM messages_raw) e;

-- One row per lane, in the order a timeline draws them: queue lanes by queue, then ring lanes by
-- context and ring (none first). Lanes are those with commands.
CREATE VIEW timeline AS
SELECT DISTINCT queue, ctx_id, ring_idx FROM timeline_ticks
ORDER BY queue NULLS LAST, ctx_id, ring_idx NULLS FIRST;
