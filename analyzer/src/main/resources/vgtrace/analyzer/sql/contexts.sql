-- Module contexts: each 3D context from CTX_CREATE to CTX_DESTROY.
-- Context ids can be reused after CTX_DESTROY: commands go to the latest create before them.

-- Successful CTX_CREATE commands with their context_init.
CREATE VIEW _context_creates AS
SELECT c.seq AS create_seq, c.ts_ns AS create_ts, c.ctx_id, c.context_init
FROM _commands c
WHERE c.type = ${CTX_CREATE} AND NOT c.is_error;

-- Per context generation: what happened on it (a table, built once at load). Each command belongs to
-- the latest successful create of its id before it, which the loader found in its pass over the
-- trace (ctx_create_seq): linear however often an id is reused. (A join on the id with a seq range
-- between creates grew with creates x commands per id; an ASOF join took seconds at 10M rows.)
CREATE TABLE _context_steps AS
SELECT
  c.ctx_create_seq AS create_seq,
  min(c.ts_ns) FILTER (c.type = ${CTX_DESTROY} AND NOT c.is_error) AS destroy_ts,
  count(DISTINCT c.resource_id) FILTER (c.type = ${CTX_ATTACH_RESOURCE} AND NOT c.is_error) AS attached_resources,
  count(*) FILTER (c.type = ${CTX_DETACH_RESOURCE} AND NOT c.is_error) AS detaches,
  count(*) FILTER (c.type = ${SUBMIT_3D}) AS submits,
  count(*) FILTER (c.fenced) AS fenced,
  count(*) FILTER (c.is_error) AS errors,
  count(DISTINCT c.ring_idx) AS rings_seen
FROM _commands c
WHERE c.ctx_create_seq IS NOT NULL
GROUP BY c.ctx_create_seq;

CREATE VIEW contexts AS
SELECT
  -- The CTX_CREATE command's seq.
  k.create_seq,
  -- Context id.
  k.ctx_id,
  -- context_init as sent; its low 8 bits are the capset.
  k.context_init,
  -- Capset id (context_init & 0xff; 0 means the device's default).
  k.context_init & 255 AS capset_id,
  -- Capset name: VIRGL, VIRGL2, GFXSTREAM_VULKAN, VENUS, CROSS_DOMAIN, DRM, DEFAULT or the number.
  CASE k.context_init & 255 WHEN 0 THEN 'DEFAULT' WHEN 1 THEN 'VIRGL' WHEN 2 THEN 'VIRGL2'
       WHEN 3 THEN 'GFXSTREAM_VULKAN' WHEN 4 THEN 'VENUS' WHEN 5 THEN 'CROSS_DOMAIN' WHEN 6 THEN 'DRM'
       ELSE CAST(k.context_init & 255 AS VARCHAR) END AS capset,
  -- When it was created and destroyed (null: alive at end).
  k.create_ts,
  s.destroy_ts,
  -- Distinct resources attached with CTX_ATTACH_RESOURCE, and CTX_DETACH_RESOURCE commands.
  coalesce(s.attached_resources, 0) AS attached_resources,
  coalesce(s.detaches, 0) AS detaches,
  -- SUBMIT_3D commands, fenced commands, failed commands.
  coalesce(s.submits, 0) AS submits,
  coalesce(s.fenced, 0) AS fenced,
  coalesce(s.errors, 0) AS errors,
  -- Distinct known rings used.
  coalesce(s.rings_seen, 0) AS rings_seen,
  -- Never destroyed.
  s.destroy_ts IS NULL AS alive_at_end
FROM _context_creates k
LEFT JOIN _context_steps s ON s.create_seq = k.create_seq
ORDER BY k.create_seq;
