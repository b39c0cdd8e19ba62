SELECT error, command, command_seq, resource_id, latency_ns FROM errors ORDER BY response_seq
