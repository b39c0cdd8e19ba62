-- Module resources: each resource's life, from its create command to its unref.
-- Resource ids are reused after RESOURCE_UNREF, so every command is attributed to the latest
-- create of its id before it; commands the device rejected do not count.

-- Successful commands that name a resource, with the guest bytes they made the device read (the
-- loader's sum of the MEMORY rows that name each command, e.g. a transfer's pages).
CREATE VIEW _resource_commands AS
SELECT c.seq, c.ts_ns, c.type, c.ctx_id, c.resource_id, c.response_seq, c.map_info, c.memory_bytes AS bytes,
       c.resource_create_seq
FROM _commands c
WHERE c.resource_id IS NOT NULL AND NOT c.is_error;

-- Successful create commands: one per resource generation, valid until the next create of the id
-- (a table: resources and blobs both start from it).
CREATE TABLE _resource_creates AS
SELECT c.seq AS create_seq, c.ts_ns AS create_ts, c.resource_id, c.ctx_id,
       CASE c.type WHEN ${RESOURCE_CREATE_2D} THEN '2D' WHEN ${RESOURCE_CREATE_3D} THEN '3D' ELSE 'BLOB' END AS kind,
       c.format, c.width, c.height, c.blob_mem, c.blob_flags, c.blob_id, c.size
FROM _commands c
WHERE c.resource_id IS NOT NULL AND NOT c.is_error
  AND c.type IN (${RESOURCE_CREATE_2D}, ${RESOURCE_CREATE_3D}, ${RESOURCE_CREATE_BLOB});

-- Every later successful command on a resource, tagged with the latest successful create of its id
-- before it, which the loader found in its pass over the trace (resource_create_seq): linear however
-- often an id is reused (the Linux driver reuses the lowest free id). A join on the id with a seq
-- range between creates grew with creates x commands per id; an ASOF join took seconds at 10M rows.
CREATE VIEW _resource_events AS
SELECT e.resource_create_seq AS create_seq, e.* EXCLUDE (resource_create_seq)
FROM _resource_commands e
WHERE e.resource_create_seq IS NOT NULL;

-- Per resource generation: first and last times of each lifecycle step and counts (a table, built
-- once at load: the join behind it is the costly part of resources and blobs).
CREATE TABLE _resource_steps AS
SELECT
  create_seq,
  min(ts_ns) FILTER (type = ${RESOURCE_ATTACH_BACKING}) AS backing_attach_ts,
  min(ts_ns) FILTER (type = ${RESOURCE_DETACH_BACKING}) AS backing_detach_ts,
  count(*) FILTER (type = ${CTX_ATTACH_RESOURCE}) AS ctx_attaches,
  min(ts_ns) FILTER (type = ${RESOURCE_MAP_BLOB}) AS map_ts,
  arg_min(map_info, ts_ns) FILTER (type = ${RESOURCE_MAP_BLOB}) AS map_info,
  max(ts_ns) FILTER (type = ${RESOURCE_UNMAP_BLOB}) AS unmap_ts,
  min(ts_ns) FILTER (type = ${RESOURCE_UNREF}) AS unref_ts,
  count(*) FILTER (type IN (${TRANSFER_TO_HOST_2D}, ${TRANSFER_TO_HOST_3D}, ${TRANSFER_FROM_HOST_3D})) AS transfers,
  coalesce(sum(bytes), 0) AS bytes_transferred,
  count(*) FILTER (type IN (${SET_SCANOUT}, ${SET_SCANOUT_BLOB})) AS scanouts,
  count(*) FILTER (type = ${RESOURCE_FLUSH}) AS flushes
FROM _resource_events
GROUP BY create_seq;

-- The last timestamp of the trace: what "alive at end" is measured against.
CREATE TABLE _trace_end AS
SELECT max(ts_ns) AS end_ts FROM messages_raw;

-- One row per resource generation (create to unref).
CREATE VIEW resources AS
SELECT
  -- The create command's seq: identifies this generation of the id.
  r.create_seq,
  -- Resource id.
  r.resource_id,
  -- 2D, 3D or BLOB.
  r.kind,
  -- Context of the create command (blobs and 3D resources; 0 for 2D).
  r.ctx_id,
  -- Format, width and height from the create command (null for blobs).
  r.format,
  r.width,
  r.height,
  -- When it was created.
  r.create_ts,
  -- First RESOURCE_ATTACH_BACKING and RESOURCE_DETACH_BACKING; null when none.
  s.backing_attach_ts,
  s.backing_detach_ts,
  -- CTX_ATTACH_RESOURCE commands naming it.
  coalesce(s.ctx_attaches, 0) AS ctx_attaches,
  -- TRANSFER_* commands naming it, and the guest bytes they made the device read (MEMORY rows).
  coalesce(s.transfers, 0) AS transfers,
  coalesce(s.bytes_transferred, 0) AS bytes_transferred,
  -- SET_SCANOUT / SET_SCANOUT_BLOB commands showing it, and RESOURCE_FLUSH commands.
  coalesce(s.scanouts, 0) AS scanouts,
  coalesce(s.flushes, 0) AS flushes,
  -- RESOURCE_UNREF time; null when it was never unreferenced.
  s.unref_ts,
  -- unref (or trace end) minus create.
  coalesce(s.unref_ts, e.end_ts) - r.create_ts AS lifetime_ns,
  -- Never unreferenced: alive when the trace ended.
  s.unref_ts IS NULL AS alive_at_end
FROM _resource_creates r
LEFT JOIN _resource_steps s ON s.create_seq = r.create_seq
CROSS JOIN _trace_end e;
