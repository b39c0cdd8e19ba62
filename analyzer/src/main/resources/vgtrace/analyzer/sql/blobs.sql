-- Module blobs: blob resources (RESOURCE_CREATE_BLOB) with their map and unmap, and leaks.
-- Depends on the private views of module resources.

CREATE VIEW blobs AS
SELECT
  -- The create command's seq: identifies this generation of the id.
  r.create_seq,
  -- Resource id.
  r.resource_id,
  -- Context of the create command.
  r.ctx_id,
  -- blob_mem: GUEST, HOST3D, HOST3D_GUEST (or the number when undefined).
  CASE r.blob_mem WHEN 1 THEN 'GUEST' WHEN 2 THEN 'HOST3D' WHEN 3 THEN 'HOST3D_GUEST'
       ELSE CAST(r.blob_mem AS VARCHAR) END AS mem_type,
  -- blob_flags: 1 MAPPABLE, 2 SHAREABLE, 4 CROSS_DEVICE.
  r.blob_flags,
  -- Context object id of a HOST3D blob.
  r.blob_id,
  -- Size in bytes.
  r.size,
  -- When it was created.
  r.create_ts,
  -- First RESOURCE_ATTACH_BACKING; null when none (GUEST blobs usually pass their pages at create).
  s.backing_attach_ts AS attach_ts,
  -- First RESOURCE_MAP_BLOB, and the cache type its RESP_OK_MAP_INFO returned.
  s.map_ts,
  CASE s.map_info & 15 WHEN 0 THEN 'NONE' WHEN 1 THEN 'CACHED' WHEN 2 THEN 'UNCACHED' WHEN 3 THEN 'WC'
       ELSE CAST(s.map_info AS VARCHAR) END AS map_cache,
  -- Last RESOURCE_UNMAP_BLOB; null when never unmapped.
  s.unmap_ts,
  -- RESOURCE_UNREF time; null when never unreferenced.
  s.unref_ts,
  -- unref (or trace end) minus create.
  coalesce(s.unref_ts, e.end_ts) - r.create_ts AS lifetime_ns,
  -- unmap (or unref, or trace end) minus map; null when never mapped.
  CASE WHEN s.map_ts IS NOT NULL THEN coalesce(s.unmap_ts, s.unref_ts, e.end_ts) - s.map_ts END AS mapped_ns,
  -- Still mapped when unreferenced or at the end.
  s.map_ts IS NOT NULL AND s.unmap_ts IS NULL AS left_mapped,
  -- Never unreferenced: a leak, unless the guest meant to keep it past the trace.
  s.unref_ts IS NULL AS alive_at_end
FROM _resource_creates r
LEFT JOIN _resource_steps s ON s.create_seq = r.create_seq
CROSS JOIN _trace_end e
WHERE r.kind = 'BLOB';
