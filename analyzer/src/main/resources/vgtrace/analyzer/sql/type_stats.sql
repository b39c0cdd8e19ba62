-- Module type_stats: per command type, counts and response latency; a table, built once at load.

CREATE TABLE type_stats AS
SELECT
  -- Command type name.
  type_name,
  -- Commands of the type.
  count(*) AS commands,
  -- Of which fenced, answered, and failed.
  count(*) FILTER (fenced) AS fenced,
  count(response_seq) AS responses,
  count(*) FILTER (is_error) AS errors,
  -- Latency (command to response) of answered commands, in ns. Fenced commands include GPU work.
  round(quantile_cont(latency_ns, 0.5))::BIGINT AS p50_latency_ns,
  round(quantile_cont(latency_ns, 0.9))::BIGINT AS p90_latency_ns,
  round(quantile_cont(latency_ns, 0.99))::BIGINT AS p99_latency_ns,
  max(latency_ns) AS max_latency_ns,
  round(avg(latency_ns))::BIGINT AS mean_latency_ns
FROM commands
GROUP BY type_name
ORDER BY commands DESC, type_name;
