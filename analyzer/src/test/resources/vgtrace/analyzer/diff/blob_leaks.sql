SELECT resource_id, mem_type, size, map_cache, lifetime_ns, mapped_ns, alive_at_end FROM blobs ORDER BY create_seq
