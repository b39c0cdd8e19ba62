SELECT resource_id, kind, create_ts, transfers, bytes_transferred, unref_ts, alive_at_end FROM resources ORDER BY create_seq
