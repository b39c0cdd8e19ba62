package vgtrace.cli;

/**
 * A command that opens its trace in DuckDB: {@link Main} starts loading DuckDB's native library
 * ({@link vgtrace.analyzer.TraceDatabase#warmUp}) while picocli builds the command, so a query on a
 * cached trace does not wait for both in turn.
 */
interface OpensTraceDatabase {
}
