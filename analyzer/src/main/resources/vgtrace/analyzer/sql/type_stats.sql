-- Module type_stats: per command type, counts and response latency; a table, built once at load.
-- Grouped on the type code, then named: naming millions of commands first costs several times more.

CREATE TABLE type_stats AS
SELECT
  -- Command type name.
  type_name_of(s.type, t.name) AS type_name,
  -- Commands of the type.
  s.commands,
  -- Of which fenced, answered, and failed.
  s.fenced,
  s.responses,
  s.errors,
  -- Latency (command to response) of answered commands, in ns. Fenced commands include GPU work.
  s.p50_latency_ns,
  s.p90_latency_ns,
  s.p99_latency_ns,
  s.max_latency_ns,
  s.mean_latency_ns
FROM (
  SELECT
    type,
    count(*) AS commands,
    count(*) FILTER (fenced) AS fenced,
    count(response_seq) AS responses,
    count(*) FILTER (is_error) AS errors,
    round(quantile_cont(latency_ns, 0.5))::BIGINT AS p50_latency_ns,
    round(quantile_cont(latency_ns, 0.9))::BIGINT AS p90_latency_ns,
    round(quantile_cont(latency_ns, 0.99))::BIGINT AS p99_latency_ns,
    max(latency_ns) AS max_latency_ns,
    round(avg(latency_ns))::BIGINT AS mean_latency_ns
  FROM _commands
  GROUP BY type
) s
LEFT JOIN ctrl_types t ON t.code = s.type
ORDER BY s.commands DESC, type_name;
